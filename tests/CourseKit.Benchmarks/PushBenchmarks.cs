using System.Diagnostics;
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;
using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Benchmarks;

/// <summary>
/// Whether DQN with discretised torques learns ArmPush-v0 within a notebook's budget: for seeds 0-4, the
/// share of 50 greedy test episodes that end with the puck within <see cref="SuccessDistance"/> of the
/// goal, the final distances, a random policy's, and the seconds (wall and CPU) training took.
/// </summary>
/// <remarks>
/// <c>push</c> runs the main setting (one joint at a time ± plus a no-op), or the one
/// <see cref="FromEnvironment"/> reads. <c>push-study</c> adds the
/// other action sets and the wrong <c>done</c> (truncation treated as termination) on seeds 0-2.
/// </remarks>
public sealed class PushBenchmarks : IBenchmarkSuite
{
    /// <summary>The puck counts as delivered when its centre ends this close to the goal's (m).</summary>
    public const double SuccessDistance = 0.1;
    const int TestEpisodes = 50, TestSeed = 10_000, CheckEpisodes = 20, CheckSeed = 20_000;

    public string Name => "push";
    public string Description => "DQN with discretised torques on ArmPush-v0, seeds 0-4: greedy success rate, final distance, seconds";

    public void Run()
    {
        var (settings, label) = FromEnvironment(PushSettings.Default, "one joint ± and no-op");
        var results = Seeds(5).Select(seed => Train(settings, seed)).ToArray();
        Summarise(label, results);
    }

    /// <summary>
    /// The settings to measure, changed by COURSEKIT_PUSH_ACTIONS ("grid" for the 27-action grid),
    /// COURSEKIT_PUSH_TRAIN_EVERY (one gradient step every k env steps), COURSEKIT_PUSH_HIDDEN (units per hidden
    /// layer) and COURSEKIT_PUSH_STEPS (env steps),
    /// so a cheaper notebook setting can be measured on every seed before the notebook adopts it.
    /// </summary>
    internal static (PushSettings Settings, string Label) FromEnvironment(PushSettings settings, string label)
    {
        static int? Int(string name)
        {
            string? v = Environment.GetEnvironmentVariable(name);
            if (string.IsNullOrWhiteSpace(v)) return null;
            return int.TryParse(v, out int k) && k > 0 ? k : throw new ArgumentException($"{name} must be a positive whole number; got \"{v}\".");
        }
        string? actions = Environment.GetEnvironmentVariable("COURSEKIT_PUSH_ACTIONS");
        if (actions == "grid") (settings, label) = (settings with { Actions = PushSettings.Grid() }, "grid of 27");
        else if (!string.IsNullOrWhiteSpace(actions) && actions != "one-joint")
            throw new ArgumentException($"COURSEKIT_PUSH_ACTIONS must be \"one-joint\" or \"grid\"; got \"{actions}\".");
        if (Int("COURSEKIT_PUSH_TRAIN_EVERY") is int every) (settings, label) = (settings with { TrainEvery = every }, $"{label}, train every {every}");
        if (Int("COURSEKIT_PUSH_HIDDEN") is int hidden) (settings, label) = (settings with { Hidden = hidden }, $"{label}, hidden {hidden}");
        if (Int("COURSEKIT_PUSH_STEPS") is int steps) (settings, label) = (settings with { TotalSteps = steps }, $"{label}, {steps} steps");
        return (settings, label);
    }

    /// <summary>Seeds 0..count-1, or those listed in COURSEKIT_PUSH_SEEDS (e.g. "3" or "0,2"), so seeds can run as parallel processes.</summary>
    internal static int[] Seeds(int count)
    {
        string? listed = Environment.GetEnvironmentVariable("COURSEKIT_PUSH_SEEDS");
        if (string.IsNullOrWhiteSpace(listed)) return [.. Enumerable.Range(0, count)];
        try { return [.. listed.Split(',').Select(int.Parse)]; }
        catch (FormatException) { throw new ArgumentException($"COURSEKIT_PUSH_SEEDS must be seeds separated by commas, e.g. \"0,1,2\"; got \"{listed}\"."); }
    }

    internal static void Summarise(string label, PushResult[] results)
    {
        foreach (var r in results)
            Console.WriteLine($"# {label}, seed {r.Seed}: {r.Successes}/{TestEpisodes} within {SuccessDistance} m, mean final {r.MeanFinal:F3} m " +
                              $"(random {r.RandomMeanFinal:F3} m, {r.RandomSuccesses}/{TestEpisodes}), checkpoint of step {r.CheckpointStep}, " +
                              $"{r.WallSeconds:F1} s wall, {r.CpuSeconds:F1} s CPU, greedy action usage [{string.Join(" ", r.Usage)}]");
        string key = label.Replace(' ', '_').Replace("±", "pm");
        Measure.Report($"push_{key}_success_rate", results.Average(r => (double)r.Successes / TestEpisodes), "");
        Measure.Report($"push_{key}_seeds_with_majority", results.Count(r => r.Successes * 2 > TestEpisodes), "seeds");
        Measure.Report($"push_{key}_mean_final_distance", results.Average(r => r.MeanFinal), "m");
        Measure.Report($"push_random_mean_final_distance", results.Average(r => r.RandomMeanFinal), "m");
        Measure.Report($"push_{key}_train_cpu_s", results.Max(r => r.CpuSeconds), "s");
        Measure.Report($"push_{key}_train_wall_s", results.Max(r => r.WallSeconds), "s");
    }

    /// <summary>Trains DQN on ArmPush-v0 with <paramref name="s"/> and tests the best periodic checkpoint.</summary>
    internal static PushResult Train(PushSettings s, int seed)
    {
        var actions = s.Actions;
        Env<float[], int> Make() => new DiscretizeActions<float[]>(Gym.Make<float[], float[]>("ArmPush-v0"), actions);
        int nObs = 17, nActions = actions.Length;
        var rng = new Random(seed + 1);
        var random = Test(Make, o => rng.Next(nActions), TestEpisodes, TestSeed, nActions);

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        Seed.Everything(seed);
        Module<Tensor, Tensor> Net() => Sequential(Linear(nObs, s.Hidden), ReLU(), Linear(s.Hidden, s.Hidden), ReLU(), Linear(s.Hidden, nActions));
        var q = Net();
        var target = Net();
        var best = Net();
        target.load_state_dict(q.state_dict());
        var optimizer = torch.optim.Adam(q.parameters(), lr: s.LearningRate);
        var buffer = new ReplayBuffer(s.BufferSize, [nObs]);
        var exploration = new LinearSchedule(s.EpsilonDecaySteps, s.EpsilonEnd);
        var env = Make();
        var (obs, _) = env.Reset(seed);
        double bestScore = double.MaxValue;
        long bestStep = 0;
        for (long step = 0; step < s.TotalSteps; step++)
        {
            int action = EpsilonGreedy.Act(q, obs, exploration.Value(step), Seed.Shared);
            var t = env.Step(action);
            // A task that never terminates: only Terminated (never set here) stops bootstrapping, unless the study asks for the wrong done.
            buffer.Insert(obs, action, t.Reward, t.Observation, done: t.Terminated || (s.TruncationIsTerminal && t.Truncated));
            obs = t.Done ? env.Reset().obs : t.Observation;
            if (step >= s.LearningStarts && step % s.TrainEvery == 0)
                using (torch.NewDisposeScope())
                {
                    var b = buffer.Sample(s.BatchSize);
                    Tensor y;
                    using (no_grad()) y = b.Rewards + s.Gamma * (1 - b.Dones) * target.forward(b.NextObservations).max(1).values;
                    var chosen = q.forward(b.Observations).gather(1, b.Actions.unsqueeze(-1)).squeeze(-1);
                    var loss = functional.smooth_l1_loss(chosen, y);
                    optimizer.zero_grad(); loss.backward(); optimizer.step();
                }
            if (step % s.TargetSyncEvery == 0) target.load_state_dict(q.state_dict());
            if ((step + 1) % s.CheckEvery == 0 && step + 1 >= s.EpsilonDecaySteps)
            {
                // Periodic greedy check on its own episodes; the best network so far is the one kept.
                double score = Test(Make, o => EpsilonGreedy.Act(q, o, 0), CheckEpisodes, CheckSeed, nActions).Distances.Average();
                if (score < bestScore) { bestScore = score; bestStep = step + 1; best.load_state_dict(q.state_dict()); }
            }
        }
        double wall = clock.Elapsed.TotalSeconds, cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var greedy = Test(Make, o => EpsilonGreedy.Act(best, o, 0), TestEpisodes, TestSeed, nActions);
        return new PushResult(seed, greedy.Distances.Count(d => d < SuccessDistance), greedy.Distances.Average(), greedy.Usage,
            random.Distances.Count(d => d < SuccessDistance), random.Distances.Average(), bestStep, wall, cpuSeconds);
    }

    /// <summary>Final puck-to-goal distances of <paramref name="episodes"/> episodes and how often each action was taken.</summary>
    static (List<double> Distances, int[] Usage) Test(Func<Env<float[], int>> make, Func<float[], int> policy, int episodes, int seed, int nActions)
    {
        var env = make();
        var distances = new List<double>();
        var usage = new int[nActions];
        for (int e = 0; e < episodes; e++)
        {
            var (obs, _) = env.Reset(seed + e);
            Step<float[]> t;
            do
            {
                int a = policy(obs);
                usage[a]++;
                t = env.Step(a);
                obs = t.Observation;
            } while (!t.Done);
            distances.Add(Math.Sqrt(obs[11] * obs[11] + obs[12] * obs[12]));   // puck − goal, observed
        }
        return (distances, usage);
    }
}

/// <summary>The study: the other action sets and the wrong <c>done</c>, seeds 0-2.</summary>
public sealed class PushStudyBenchmarks : IBenchmarkSuite
{
    public string Name => "push-study";
    public string Description => "ArmPush-v0 DQN, seeds 0-2: one joint ± without no-op, the 27-action grid, truncation treated as termination";

    public void Run()
    {
        var variants = new (string Label, PushSettings Settings)[]
        {
            ("one joint ± without no-op", PushSettings.Default with { Actions = PushSettings.OneJoint(withNoOp: false) }),
            ("grid of 27", PushSettings.Default with { Actions = PushSettings.Grid() }),
            ("truncation as termination", PushSettings.Default with { TruncationIsTerminal = true }),
        };
        foreach (var (label, settings) in variants)
            PushBenchmarks.Summarise(label, [.. PushBenchmarks.Seeds(3).Select(seed => PushBenchmarks.Train(settings, seed))]);
    }
}

/// <summary>One DQN configuration for ArmPush-v0.</summary>
internal sealed record PushSettings(
    float[][] Actions, int TotalSteps = 150_000, float Gamma = 0.99f, double LearningRate = 1e-3, int Hidden = 128,
    int BufferSize = 50_000, int BatchSize = 64, int LearningStarts = 1_000, int TargetSyncEvery = 500,
    double EpsilonEnd = 0.05, int EpsilonDecaySteps = 60_000, int CheckEvery = 10_000, bool TruncationIsTerminal = false, int TrainEvery = 1)
{
    public static PushSettings Default => new(OneJoint(withNoOp: true));

    /// <summary>Full torque on one joint, either way, zero on the others; optionally the zero vector first.</summary>
    public static float[][] OneJoint(bool withNoOp)
    {
        var list = new List<float[]>();
        if (withNoOp) list.Add(new float[3]);
        for (int j = 0; j < 3; j++)
            foreach (float sign in new[] { 1f, -1f })
            {
                var a = new float[3];
                a[j] = sign;
                list.Add(a);
            }
        return [.. list];
    }

    /// <summary>Every combination of −1, 0, +1 on the three joints (27 actions).</summary>
    public static float[][] Grid() =>
        [.. from x in new[] { -1f, 0f, 1f } from y in new[] { -1f, 0f, 1f } from z in new[] { -1f, 0f, 1f } select new[] { x, y, z }];
}

/// <summary>What one training run achieved.</summary>
internal sealed record PushResult(int Seed, int Successes, double MeanFinal, int[] Usage, int RandomSuccesses, double RandomMeanFinal,
    long CheckpointStep, double WallSeconds, double CpuSeconds);
