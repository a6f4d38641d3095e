using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Checks.Dagger;

public static partial class TrainLoopChecks
{
    /// <summary>The settings of the short real run on the 400-step pendulum: a few seconds of CPU time.</summary>
    public static readonly DaggerConfig RealRunConfig = new(Iterations: 3, StepsPerIteration: 400, TrainSteps: 300, BatchSize: 100, LearningRate: 5e-3, BetaDecay: 0.5);

    /// <summary>
    /// Score the real run's best learner must reach, in % of the way from random torques to the expert: the best of the
    /// loop's evaluations and a final one (DAgger's guarantee is about the best policy of the sequence, not the last).
    /// </summary>
    public const double RealRunTarget = 70;

    /// <summary>
    /// Runs DAgger with the student's loop on <c>Pendulum-v1</c> (400 steps) with the swing-up expert, one expert
    /// demonstration, CourseKit's Gaussian policy (deterministic mean actions), mixture and NLL train step; returns the
    /// best learner's score (the best of the loop's evaluations and a final one; 0 % random torques, 100 % the expert, on
    /// <paramref name="evalEpisodes"/> test episodes) and the loop's evaluations. Uses no global random state.
    /// </summary>
    public static (double Score, List<double> Evaluations) RealRun(DaggerLoopFn f, DaggerConfig cfg, int seed, int evalEpisodes = 5)
    {
        var rng = new Random(seed);
        Env<float[], float[]> Pendulum() => Gym.Make<float[], float[]>("Pendulum-v1", maxEpisodeSteps: 400);
        var policy = new GaussianPolicy(new GaussianPolicySpec { Env = "Pendulum-v1", ObsDim = 3, ActDim = 1 });
        Initialise(policy, rng);
        var optimizer = torch.optim.Adam(policy.parameters(), lr: cfg.LearningRate);
        var evalEnv = Pendulum();
        var torqueRng = new Random(seed + 2);
        double expert = Evaluation.Evaluate(PendulumSwingUp.Act, evalEnv, evalEpisodes, seed: 1_000).Mean;
        double random = Evaluation.Evaluate(o => new[] { (float)(torqueRng.NextDouble() * 4 - 2) }, evalEnv, evalEpisodes, seed: 1_000).Mean;
        var evaluations = new List<double>();
        var demos = Rollouts.SampleNTrajectories(Pendulum(), PendulumSwingUp.Act, n: 1, maxLength: 400, seed: 500 + seed);
        f(cfg, Pendulum(), PendulumSwingUp.Act, policy.GetAction, demos, new TrajectoryDataset(20_000, new Random(seed + 1)), cfg.Beta(),
            (o, e, l, beta, r) => r.NextDouble() < beta ? e(o) : l(o),
            (obs, act) =>
            {
                using (torch.NewDisposeScope())
                {
                    var loss = -policy.Distribution(obs).log_prob(act).sum(-1).mean();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    return loss.item<float>();
                }
            },
            i =>
            {
                double mean = Evaluation.Evaluate(policy.GetAction, evalEnv, evalEpisodes, seed: 1_000).Mean;
                evaluations.Add(mean);
                return mean;
            },
            new ExperimentLog(), rng, seed);
        double final = Evaluation.Evaluate(policy.GetAction, evalEnv, evalEpisodes, seed: 1_000).Mean;
        double best = evaluations.Append(final).Max();
        return (100 * (best - random) / (expert - random), evaluations);
    }

    /// <summary>The short real run: DAgger must bring the learner a good part of the way to the expert.</summary>
    [Check(Description = "a real run on the 400-step pendulum (one demonstration, 3 DAgger iterations) reaches 70% of the way from random to the expert")]
    public static void LearnsThePendulum(DaggerLoopFn f)
    {
        var (score, evaluations) = RealRun(f, RealRunConfig, seed: 4);
        Expect.True(score >= RealRunTarget, $"DaggerLoop on Pendulum-v1 (400 steps; {RealRunConfig.Iterations} iterations of {RealRunConfig.StepsPerIteration} steps, " +
            $"{RealRunConfig.TrainSteps} train steps each; CourseKit's expert, mixture, train step and evaluation): the best learner scored {score:F0}% of the way " +
            $"from random torques to the expert, expected at least {RealRunTarget}% (mean return of each iteration's evaluation: {string.Join(", ", evaluations.Select(v => v.ToString("F0")))}; " +
            "the expert gets about −150 over 400 steps, random torques about −2,500). " +
            "If the structural checks pass, look at what the dataset holds when you train.");
    }

    /// <summary>PyTorch's default initialisation (uniform in ±1/√fan_in), drawn from <paramref name="rng"/> so the run touches no global generator.</summary>
    static void Initialise(GaussianPolicy policy, Random rng)
    {
        using (no_grad())
            foreach (var (name, p) in policy.named_parameters())
            {
                if (p.dim() == 1 && name.Contains("logstd", StringComparison.Ordinal)) continue;
                long fanIn = p.dim() == 2 ? p.shape[1] : Math.Max(1, FanInOfBias(policy, name));
                double bound = 1 / Math.Sqrt(fanIn);
                var values = new float[p.numel()];
                for (int i = 0; i < values.Length; i++) values[i] = (float)((rng.NextDouble() * 2 - 1) * bound);
                p.copy_(torch.tensor(values, p.shape));
            }
    }

    static long FanInOfBias(GaussianPolicy policy, string biasName)
    {
        string weight = biasName[..biasName.LastIndexOf('.')] + ".weight";
        return policy.named_parameters().FirstOrDefault(p => p.name == weight).parameter?.shape[1] ?? 1;
    }
}
