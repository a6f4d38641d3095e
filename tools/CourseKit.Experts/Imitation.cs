using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Experts;

/// <summary>The pieces cloning, DAgger and distillation share: fitting a Gaussian policy to labelled states, and scoring a policy.</summary>
public static class Imitation
{
    /// <summary><paramref name="steps"/> Adam steps on the negative log-likelihood of minibatches drawn without replacement.</summary>
    public static void Fit(GaussianPolicy policy, optim.Optimizer optimizer, TrajectoryDataset data, int steps, int batchSize)
    {
        for (int step = 0; step < steps; step++)
            using (torch.NewDisposeScope())
            {
                var (obs, actions) = data.SampleRandomData(Math.Min(batchSize, data.Count));
                var loss = -policy.Distribution(obs).log_prob(actions).sum(-1).mean();
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
    }

    /// <summary>The observations <paramref name="acting"/> visits in <paramref name="steps"/> steps (Reset(seed) first, Reset() after each episode).</summary>
    public static List<float[]> Collect(Env<float[], float[]> env, Func<float[], float[]> acting, int steps, int seed)
    {
        var visited = new List<float[]>(steps);
        var (obs, _) = env.Reset(seed);
        for (int t = 0; t < steps; t++)
        {
            visited.Add(obs);
            var s = env.Step(acting(obs));
            obs = s.Terminated || s.Truncated ? env.Reset().obs : s.Observation;
        }
        return visited;
    }

    /// <summary>The scale's 0 %: torques drawn uniformly from [−1, 1] by a generator seeded with <paramref name="seed"/> (the tests replay seed 1).</summary>
    public static Func<float[], float[]> RandomTorques(int seed = 1)
    {
        var rng = new Random(seed);
        return _ => [(float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1)];
    }

    /// <summary>Mean return over <paramref name="episodes"/> episodes of ArmPush-v0 from <paramref name="seed"/> on.</summary>
    public static EvaluationResult Evaluate(Func<float[], float[]> policy, int episodes, int seed) =>
        Evaluation.Evaluate(policy, Gym.Make<float[], float[]>("ArmPush-v0"), episodes, seed);
}
