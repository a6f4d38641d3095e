using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;
using LoopFn = System.Action<CourseKit.Rl.DqnConfig, CourseKit.Envs.Env<float[], int>, CourseKit.Buffers.ReplayBuffer, CourseKit.Rl.ISchedule,
    System.Func<float[], double, int>, System.Func<CourseKit.Buffers.ReplayBatch, System.Collections.Generic.IReadOnlyDictionary<string, double>>,
    System.Action, System.Func<long, System.Func<float[], int>, double>, CourseKit.Rl.ExperimentLog, int>;

namespace CourseKit.Checks.Dqn;

public static partial class TrainLoopChecks
{
    /// <summary>The settings of the short real run: 8,000 CartPole steps, about a second on a laptop.</summary>
    public static readonly DqnConfig RealRunConfig = new(TotalSteps: 8_000, BufferSize: 8_000, BatchSize: 64, Gamma: 0.99f, LearningRate: 1e-3,
        Hidden: 64, LearningStarts: 500, TrainEvery: 1, TargetSyncEvery: 250, EpsilonStart: 1.0, EpsilonEnd: 0.05, EpsilonDecaySteps: 4_000,
        EvalEvery: 1_000, EvalEpisodes: 5);

    /// <summary>
    /// Trains a real DQN on CartPole-v1 with the student's loop and CourseKit's own act, train step, sync and evaluation;
    /// returns the best mean greedy return of the evaluations the loop asked for (0 if none). Uses no global random state.
    /// </summary>
    public static double RealRun(LoopFn f, DqnConfig cfg, int seed)
    {
        var rng = new Random(seed);
        var q = Network(cfg.Hidden, rng);
        var target = Network(cfg.Hidden, rng);
        Copy(target, q);
        var optimizer = torch.optim.Adam(q.parameters(), lr: cfg.LearningRate);
        var buffer = new ReplayBuffer(cfg.BufferSize, [4], new Random(seed + 1));
        var evalEnv = Gym.Make("CartPole-v1");
        double best = 0;
        f(cfg, Gym.Make("CartPole-v1"), buffer, cfg.Exploration(),
            (o, eps) => rng.NextDouble() < eps ? rng.Next(2) : DqnFixtures.Greedy(q, o),
            batch =>
            {
                using (torch.NewDisposeScope())
                {
                    Tensor y;
                    using (no_grad()) y = batch.Rewards + cfg.Gamma * (1 - batch.Dones) * target.forward(batch.NextObservations).max(1).values;
                    var loss = nn.functional.smooth_l1_loss(q.forward(batch.Observations).gather(1, batch.Actions.unsqueeze(-1)).squeeze(-1), y);
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    return new Dictionary<string, double> { ["loss"] = loss.item<float>() };
                }
            },
            () => Copy(target, q),
            (step, policy) =>
            {
                double mean = Evaluation.Evaluate(policy, evalEnv, cfg.EvalEpisodes, seed: 1_000 + (int)(step % 100_000)).Mean;
                best = Math.Max(best, mean);
                return mean;
            },
            new ExperimentLog(), seed);
        return best;
    }

    /// <summary>The short real run: the loop must learn, the best greedy evaluation reaching a modest return.</summary>
    [Check(Description = "a real run on CartPole-v1 (8,000 steps) learns: the best greedy evaluation reaches a mean return of 150")]
    public static void LearnsCartPole(LoopFn f)
    {
        const double Modest = 150;
        double best = RealRun(f, RealRunConfig, seed: 5);
        Expect.True(best >= Modest, $"TrainLoop on CartPole-v1 ({RealRunConfig.TotalSteps:N0} steps, CourseKit's act, train step, sync and evaluation): " +
            $"the best greedy evaluation reached a mean return of {best:F1}, expected at least {Modest} (a random policy gets about 22). " +
            "If the structural checks pass, look at the order of the loop: act with the current observation, store, train, sync.");
    }

    static nn.Module<Tensor, Tensor> Network(int hidden, Random rng)
    {
        var net = nn.Sequential(nn.Linear(4, hidden), nn.ReLU(), nn.Linear(hidden, hidden), nn.ReLU(), nn.Linear(hidden, 2));
        // PyTorch's default init (uniform in ±1/√fan_in), drawn from rng so the run touches no global generator.
        using (no_grad())
            foreach (var (name, p) in net.named_parameters())
            {
                long fanIn = name.StartsWith("0.", StringComparison.Ordinal) ? 4 : hidden;
                double bound = 1 / Math.Sqrt(fanIn);
                var values = new float[p.numel()];
                for (int i = 0; i < values.Length; i++) values[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
                p.copy_(torch.tensor(values, p.shape));
            }
        return net;
    }

    static void Copy(nn.Module target, nn.Module online)
    {
        using (no_grad())
        {
            var source = online.named_parameters().ToDictionary(p => p.name, p => p.parameter);
            foreach (var (name, p) in target.named_parameters()) p.copy_(source[name]);
        }
    }
}
