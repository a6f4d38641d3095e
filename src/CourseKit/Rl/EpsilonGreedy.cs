using CourseKit.Backend;

namespace CourseKit.Rl;

/// <summary>ε-greedy action selection: a uniformly random action with probability ε, otherwise the greedy one.</summary>
public static class EpsilonGreedy
{
    /// <summary>Picks an action from one state's Q-values (ties go to the lowest index).</summary>
    public static int Select(ReadOnlySpan<float> qValues, double epsilon, Random? rng = null)
    {
        if (qValues.Length == 0) throw new ArgumentException("EpsilonGreedy.Select: there are no Q-values to choose from.");
        CheckEpsilon(epsilon);
        rng ??= Seed.Shared;
        if (rng.NextDouble() < epsilon) return rng.Next(qValues.Length);
        return Greedy(qValues);
    }

    /// <summary>Picks an action from one state's Q-values (ties go to the lowest index).</summary>
    public static int Select(double[] qValues, double epsilon, Random? rng = null) =>
        Select(qValues.Select(v => (float)v).ToArray(), epsilon, rng);

    /// <summary>The index of the largest Q-value (the lowest on ties).</summary>
    public static int Greedy(ReadOnlySpan<float> qValues)
    {
        int best = 0;
        for (int i = 1; i < qValues.Length; i++) if (qValues[i] > qValues[best]) best = i;
        return best;
    }

    /// <summary>Runs the Q-network on one observation (without recording gradients) and picks an ε-greedy action.</summary>
    public static int Act(nn.Module<Tensor, Tensor> qNetwork, float[] observation, double epsilon, Random? rng = null)
    {
        ArgumentNullException.ThrowIfNull(qNetwork);
        ArgumentNullException.ThrowIfNull(observation);
        CheckEpsilon(epsilon);
        rng ??= Seed.Shared;
        if (rng.NextDouble() < epsilon)
        {
            // The action count is only known from the network's output; exploration draws skip the forward pass when cached.
            return rng.Next(ActionCount(qNetwork, observation));
        }
        using (no_grad())
        using (NewDisposeScope())
        {
            var q = qNetwork.forward(torch.tensor(observation, [1, observation.Length]));
            return Greedy(TensorData.Values<float>(q));
        }
    }

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<object, StrongBox> _actionCounts = new();
    private sealed class StrongBox { public int Value; }

    private static int ActionCount(nn.Module<Tensor, Tensor> q, float[] observation)
    {
        if (_actionCounts.TryGetValue(q, out var box)) return box.Value;
        int n;
        using (no_grad())
        using (NewDisposeScope())
            n = (int)q.forward(torch.tensor(observation, [1, observation.Length])).shape[^1];
        _actionCounts.AddOrUpdate(q, new StrongBox { Value = n });
        return n;
    }

    private static void CheckEpsilon(double epsilon)
    {
        if (!(epsilon >= 0 && epsilon <= 1))
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "EpsilonGreedy: epsilon must be a probability in [0, 1].");
    }
}
