using CourseKit.Backend;

namespace CourseKit.Checks.Dqn;

/// <summary>Small networks and batches with known values, shared by the DQN notebook's checks.</summary>
public static class DqnFixtures
{
    /// <summary>A one-layer Q-network 4 → <paramref name="nActions"/> whose weights are fixed by <paramref name="seed"/>.</summary>
    public static nn.Module<Tensor, Tensor> QNetwork(int nActions = 2, int seed = 0, int inputs = 4)
    {
        using (no_grad())
        {
            var net = nn.Sequential(nn.Linear(inputs, nActions));
            var rng = new Random(seed);
            net.load_state_dict(new Dictionary<string, Tensor>
            {
                ["0.weight"] = torch.tensor(Enumerable.Range(0, nActions * inputs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray(), [nActions, inputs]),
                ["0.bias"] = torch.tensor(Enumerable.Range(0, nActions).Select(_ => (float)(rng.NextDouble() - 0.5)).ToArray(), [nActions]),
            });
            return net;
        }
    }

    /// <summary>The greedy action of <paramref name="net"/> for one observation, computed independently of the student's code.</summary>
    internal static int Greedy(nn.Module<Tensor, Tensor> net, float[] obs)
    {
        using (no_grad())
        {
            var q = TensorData.ToArray<float>(net.forward(torch.tensor(obs, [1, obs.Length])));
            int best = 0;
            for (int a = 1; a < q.Length; a++) if (q[a] > q[best]) best = a;
            return best;
        }
    }

    /// <summary>All parameter values of a module, flattened (to see whether something changed).</summary>
    public static float[] Values(nn.Module module) => module.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

    /// <summary>A float32 tensor from values.</summary>
    public static Tensor F(params float[] values) => torch.tensor(values);
}
