using CourseKit.Buffers;
using CourseKit.Checks.Dqn;
using CourseKit.Rl;

namespace CourseKit.Checks.Dagger;

/// <summary>
/// Visible checks of <c>dagger.train_loop</c>, DAgger's outer loop:
/// <c>static void DaggerLoop(DaggerConfig cfg, Env&lt;float[], float[]&gt; env, Func&lt;float[], float[]&gt; expert, Func&lt;float[], float[]&gt; learner,
/// IReadOnlyList&lt;Trajectory&lt;float[], float[]&gt;&gt; demonstrations, TrajectoryDataset dataset, ISchedule beta, Func&lt;…&gt; mixedAction,
/// Func&lt;Tensor, Tensor, float&gt; trainStep, Func&lt;int, double&gt; evaluate, ExperimentLog log, Random rng, int seed)</c>.
/// The loop runs on a <see cref="DaggerSpyEnv"/> with spy delegates (<see cref="DaggerSpies"/>) and a small FIFO dataset it
/// overflows; every rule of the contract is checked on what they recorded, and the first rule broken is named.
/// </summary>
[ExerciseChecks("dagger.train_loop")]
public static partial class TrainLoopChecks
{
    /// <summary>The self-check cell: <c>TrainLoopChecks.Run(DaggerLoop);</c></summary>
    public static SelfCheckReport Run(DaggerLoopFn f) => SelfCheck.Run("dagger.train_loop", f);

    /// <summary>Episodes shorter than an iteration, ending both ways; β halves; the dataset's cap is passed in iteration 3.</summary>
    [Check(Weight = 2, Description = "4 iterations on episodes that terminate and are truncated inside an iteration; a FIFO cap of 16 pairs overflows")]
    public static void HalvingBeta(DaggerLoopFn f) => Verify(f, new DaggerConfig(Iterations: 4, StepsPerIteration: 7, TrainSteps: 5, BatchSize: 4, BetaDecay: 0.5),
        new DaggerConfig(BetaDecay: 0.5).Beta(), [(3, SpyEnd.Truncated), (5, SpyEnd.Terminated), (2, SpyEnd.Truncated)], demoPairs: 6, capacity: 16, seed: 3);

    /// <summary>A β schedule that is neither 0, 1 nor symmetric; more pairs per iteration than the batch; a tight cap.</summary>
    [Check(Weight = 2, Description = "a given β schedule (0.8, 0.3, 0.1), episodes truncated every 4 steps, a FIFO cap of 12 pairs")]
    public static void GivenSchedule(DaggerLoopFn f) => Verify(f, new DaggerConfig(Iterations: 3, StepsPerIteration: 9, TrainSteps: 6, BatchSize: 5),
        new PiecewiseSchedule([(0, 1.0), (1, 0.8), (2, 0.3), (3, 0.1)], outsideValue: 0.1), [(4, SpyEnd.Truncated), (6, SpyEnd.Both)], demoPairs: 5, capacity: 12, seed: 8);

    /// <summary>The demonstrations of a check: two short expert rollouts, ids 100, 101, … (below the env's).</summary>
    public static List<Trajectory<float[], float[]>> Demonstrations(int pairs)
    {
        var result = new List<Trajectory<float[], float[]>>();
        int first = pairs / 2, id = 100;
        foreach (int n in new[] { first, pairs - first }.Where(n => n > 0))
        {
            var obs = Enumerable.Range(0, n).Select(t => new float[] { -1 - result.Count, t, id++ }).ToArray();
            var next = Enumerable.Range(0, n).Select(t => new float[] { -1 - result.Count, t + 1, 0 }).ToArray();
            result.Add(new Trajectory<float[], float[]>(obs, obs.Select(DaggerSpies.ExpertAction).ToArray(), new double[n], next, new bool[n], true));
        }
        return result;
    }

    /// <summary>
    /// Runs the loop on a <see cref="DaggerSpyEnv"/> playing <paramref name="script"/>, with spy delegates and a dataset of
    /// <paramref name="capacity"/> pairs, and checks every rule of the contract on what was recorded.
    /// </summary>
    public static void Verify(DaggerLoopFn f, DaggerConfig cfg, ISchedule beta, (int Length, SpyEnd End)[] script, int demoPairs, int capacity, int seed)
    {
        var run = new LoopRun(cfg, beta, script, demoPairs, capacity, seed);
        try
        {
            f(cfg, run.Env, run.Spies.Expert, run.Spies.Learner, run.Demos, run.Dataset, beta, run.Spies.MixedAction, run.Spies.TrainStep,
              run.Spies.Evaluate, run.Log, new Random(seed), seed);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("TrajectoryDataset.SampleRandomData", StringComparison.Ordinal) && run.Dataset.Count == 0)
        {
            throw new CheckFailedException($"{run.Call}: a minibatch was sampled from an empty dataset ({e.Message}). Iteration 0 first adds the " +
                "demonstrations to the dataset, dataset.AddRollouts(demonstrations), then trains on them.");
        }
        CheckIterationZero(run);
        CheckResets(run);
        CheckMixture(run);
        CheckTraining(run);
        CheckEvaluations(run);
        CheckLog(run);
    }

    /// <summary>Everything one check run sets up and what the right loop must produce.</summary>
    sealed class LoopRun
    {
        public LoopRun(DaggerConfig cfg, ISchedule beta, (int Length, SpyEnd End)[] script, int demoPairs, int capacity, int seed)
        {
            (Cfg, Beta, Seed) = (cfg, beta, seed);
            Env = new DaggerSpyEnv(script);
            Dataset = new TrajectoryDataset(capacity, new Random(seed + 17));
            Spies = new DaggerSpies(Env, Dataset);
            Demos = Demonstrations(demoPairs);
            Call = $"DaggerLoop(Iterations {cfg.Iterations}, StepsPerIteration {cfg.StepsPerIteration}, TrainSteps {cfg.TrainSteps}, BatchSize {cfg.BatchSize}, " +
                   $"{demoPairs} demonstration pairs, a dataset capped at {capacity} pairs, seed {seed})";
        }

        public DaggerConfig Cfg { get; }
        public ISchedule Beta { get; }
        public int Seed { get; }
        public DaggerSpyEnv Env { get; }
        public TrajectoryDataset Dataset { get; }
        public DaggerSpies Spies { get; }
        public List<Trajectory<float[], float[]>> Demos { get; }
        public ExperimentLog Log { get; } = new();
        public string Call { get; }
        public int S => Cfg.StepsPerIteration;
        public int DemoCount => Demos.Sum(d => d.Length);

        /// <summary>Every pair the right loop adds, in order: the demonstrations, then each visited observation with the expert's label.</summary>
        public List<(float[] Obs, float[] Act)> AllPairs() =>
            Demos.SelectMany(d => d.Observations.Zip(d.Actions)).Concat(Env.Steps.Select(s => (s.Obs, DaggerSpies.ExpertAction(s.Obs)))).ToList();

        /// <summary>What the dataset must hold once iteration <paramref name="i"/> has aggregated: the newest pairs, at most its cap.</summary>
        public List<(float[] Obs, float[] Act)> Window(int i)
        {
            var all = AllPairs().Take(DemoCount + i * S).ToList();
            return all.Skip(Math.Max(0, all.Count - Dataset.MaxSize)).ToList();
        }
    }

    static void CheckIterationZero(LoopRun run)
    {
        var calls = run.Spies.TrainCalls;
        Expect.True(calls.Count > 0, $"{run.Call}: trainStep was never called. Every iteration ends by training: cfg.TrainSteps times, " +
            "a minibatch from dataset.SampleRandomData and trainStep(observations, actions).");
        int before = calls[0].StepsTaken;
        Expect.True(before == 0,
            $"{run.Call}: {Expect.Count(before, "env step")} came before the first training. Iteration 0 collects nothing: it adds the demonstrations " +
            "and trains on them alone, which is behavioural cloning; collecting with the mixture starts at iteration 1, with a trained learner.");
    }

    static void CheckResets(LoopRun run)
    {
        var env = run.Env;
        string call = run.Call;
        SpyEpisodeChecks.CheckResets(call, env, run.Seed, (before, afterEnd) => afterEnd || before % run.S == 0,
            "which neither ended an episode nor ended an iteration's collection: start a new episode only then.");
        for (int i = 1; i <= run.Cfg.Iterations && (i - 1) * run.S < env.StepCount; i++)
            Expect.True(env.Resets.Any(r => r.StepsBefore == (i - 1) * run.S),
                $"{call}: iteration {i}'s collection went on with the episode of iteration {i - 1} (no Reset before env step {(i - 1) * run.S}). " +
                "Each iteration collects with a new learner, so it starts a new episode: env.Reset() at its start.");
        Expect.True(env.StepCount == run.S * run.Cfg.Iterations,
            $"{call}: took {Expect.Count(env.StepCount, "env step")}; expected cfg.StepsPerIteration = {run.S} in each of iterations 1 … {run.Cfg.Iterations}, {run.S * run.Cfg.Iterations} in all.");
    }

    static void CheckMixture(LoopRun run)
    {
        var mixtures = run.Spies.Mixtures;
        var steps = run.Env.Steps;
        for (int k = 0; k < steps.Count; k++)
        {
            int i = k / run.S + 1;
            string at = $"{run.Call}: env step {k} (iteration {i})";
            var m = mixtures.FirstOrDefault(c => c.StepsTaken == k && c.Id == steps[k].Obs[2]);
            Expect.True(m.Returned is not null, $"{at} was not chosen by the mixture for the observation in hand: a = mixedAction(obs, expert, learner, beta.Value(i), rng), then env.Step(a).");
            double want = run.Beta.Value(i);
            if (Math.Abs(m.Beta - want) > 1e-12)
                throw new CheckFailedException($"{at}: the mixture was given β = {Expect.Show(m.Beta)}; expected beta.Value({i}) = {Expect.Show(want)}. " +
                    (Math.Abs(m.Beta - (1 - want)) < 1e-12 ? "That is 1 − β, inverted: beta is the probability that the EXPERT acts, so pass beta.Value(i) itself."
                     : Math.Abs(m.Beta - run.Beta.Value(i - 1)) < 1e-12 ? $"That is beta.Value({i - 1}): iteration i uses beta.Value(i), counting iteration 0 as the demonstrations."
                     : "β comes from the schedule: beta.Value(i) in iteration i."));
            Expect.True(!m.Expert || m.Returned!.AsSpan().SequenceEqual(DaggerSpies.ExpertAction(steps[k].Obs)),
                $"{at}: when the mixture chose its expert argument, it got {Expect.Show(m.Returned)}, which is not the expert's action: pass the policies in order, mixedAction(obs, expert, learner, β, rng).");
            Expect.True(steps[k].Action.AsSpan().SequenceEqual(m.Returned),
                $"{at} executed {Expect.Show(steps[k].Action)}, not {Expect.Show(m.Returned)}, the action the mixture chose: the env moves by the mixture's action.");
        }
        Expect.True(mixtures.Count == steps.Count, $"{run.Call}: the mixture was called {mixtures.Count} times for {steps.Count} env steps: one call per step.");
    }

    static void CheckTraining(LoopRun run)
    {
        var calls = run.Spies.TrainCalls;
        int T = run.Cfg.TrainSteps, n = run.Cfg.Iterations;
        var all = AllPairsById(run);
        for (int c = 0; c < calls.Count; c++)
        {
            int i = c / T;
            if (i > n) break;
            var (stepsTaken, snapshot, batch, _) = calls[c];
            string at = $"{run.Call}: train step {c % T + 1} of iteration {i}";
            if (stepsTaken != i * run.S)
                throw new CheckFailedException($"{at} came after {Expect.Count(stepsTaken, "env step")}, expected {i * run.S}: " +
                    (stepsTaken < i * run.S ? "training comes after the iteration has collected all cfg.StepsPerIteration steps and added them to the dataset."
                                            : $"train cfg.TrainSteps = {T} times in every iteration, 0 included, right after its aggregation."));
            CheckSnapshot(run, at, i, snapshot, batch);
            CheckBatch(run, at, i, batch, all);
        }
        Expect.True(calls.Count == (n + 1) * T, $"{run.Call}: trainStep was called {calls.Count} times; expected cfg.TrainSteps = {T} in each of iterations 0 … {n}, {(n + 1) * T} in all.");
    }

    static void CheckSnapshot(LoopRun run, string at, int i, (float[] Obs, float[] Act)[] held, (float[] Obs, float[] Act)[] batch)
    {
        var want = run.Window(i);
        if (held.Length == want.Count && held.Zip(want).All(p => Same(p.First, p.Second))) return;
        var executed = run.Env.Steps.ToDictionary(s => s.Obs[2], s => s.Action);
        var visited = held.Where(p => p.Obs[2] >= DaggerSpyEnv.FirstId).ToList();
        if (visited.Count > 0 && visited.Any(p => !p.Act.AsSpan().SequenceEqual(DaggerSpies.ExpertAction(p.Obs))))
        {
            if (visited.All(p => executed.TryGetValue(p.Obs[2], out var a) && a.AsSpan().SequenceEqual(p.Act)))
                throw new CheckFailedException($"{at}: the dataset holds each visited observation with the action that was EXECUTED there (the learner's, where the learner acted). " +
                    "Relabel: the label of every visited observation is expert(obs), what the expert would have done there, whoever acted.");
            if (visited.All(p => p.Act.AsSpan().SequenceEqual(DaggerSpies.LearnerAction(p.Obs))))
                throw new CheckFailedException($"{at}: the dataset holds each visited observation labelled with the LEARNER's action. " +
                    "Relabel with the expert, expert(obs): the learner cannot teach itself what it does not know.");
            var bad = visited.First(p => !p.Act.AsSpan().SequenceEqual(DaggerSpies.ExpertAction(p.Obs)));
            throw new CheckFailedException($"{at}: the dataset holds observation {Expect.Show(bad.Obs)} with the label {Expect.Show(bad.Act)}, " +
                $"not the expert's action {Expect.Show(DaggerSpies.ExpertAction(bad.Obs))}. Relabel every visited observation with expert(obs).");
        }
        var heldIds = held.Select(p => p.Obs[2]).ToHashSet();
        var elsewhere = batch.Where(p => !heldIds.Contains(p.Obs[2])).ToList();
        if (i > 0 && elsewhere.Count > 0 && elsewhere.All(p => p.Obs[2] >= DaggerSpyEnv.FirstId + (i - 1) * run.S))
            throw new CheckFailedException($"{at}: the minibatch holds this iteration's pairs, but the dataset given does not: it holds {Expect.Count(held.Length, "pair")}, " +
                $"expected {want.Count}. Aggregate: add each iteration's relabelled pairs to the one dataset given, next to the earlier ones, and train on all of it; " +
                "training on the latest iteration alone forgets the states the earlier policies reached.");
        if (i > 0 && held.Length == run.Window(i - 1).Count && held.Zip(run.Window(i - 1)).All(p => Same(p.First, p.Second)))
            throw new CheckFailedException($"{at}: the dataset does not hold iteration {i}'s pairs yet: train AFTER aggregating, so that the learner learns from the states it just visited.");
        int newest = held.Count(p => p.Obs[2] >= DaggerSpyEnv.FirstId + (i - 1) * run.S);
        if (i > 0 && held.Length < want.Count)
            throw new CheckFailedException($"{at}: the dataset holds {Expect.Count(held.Length, "pair")}, expected {want.Count}: the demonstrations and every iteration's relabelled pairs, " +
                $"up to its cap of {run.Dataset.MaxSize}. Aggregate: add each iteration's pairs to the one dataset given and keep the earlier ones; " +
                "training on the latest iteration alone forgets the states the earlier policies reached.");
        throw new CheckFailedException($"{at}: the dataset holds {Expect.Count(held.Length, "pair")} ({newest} from this iteration), not the {want.Count} expected " +
            $"(oldest first: {Expect.Show(want.Select(p => p.Obs[2]).ToArray())}, by observation id; it holds {Expect.Show(held.Select(p => p.Obs[2]).ToArray())}). " +
            "Iteration 0 adds the demonstrations; iteration i adds its visited observations, each relabelled, in the order visited.");
    }

    static void CheckBatch(LoopRun run, string at, int i, (float[] Obs, float[] Act)[] batch, Dictionary<float, (int Index, float[] Obs, float[] Act)> all)
    {
        var window = run.Window(i);
        int size = Math.Min(run.Cfg.BatchSize, window.Count);
        Expect.True(batch.Length == size, $"{at} got a minibatch of {Expect.Count(batch.Length, "pair")}; expected min(cfg.BatchSize, dataset.Count) = {size}, from dataset.SampleRandomData.");
        int firstKept = run.DemoCount + i * run.S - window.Count;
        foreach (var (obs, act) in batch)
        {
            if (!all.TryGetValue(obs[2], out var pair) || !pair.Obs.AsSpan().SequenceEqual(obs) || !pair.Act.AsSpan().SequenceEqual(act))
                throw new CheckFailedException($"{at}: the minibatch holds the pair ({Expect.Show(obs)}, {Expect.Show(act)}), which the dataset does not hold: " +
                    "draw every minibatch from the aggregated dataset, dataset.SampleRandomData(batch size).");
            if (pair.Index < firstKept || pair.Index >= run.DemoCount + i * run.S)
                throw new CheckFailedException($"{at}: the minibatch holds pair {pair.Index} of the {run.DemoCount + i * run.S} added so far, which the dataset's FIFO cap of " +
                    $"{run.Dataset.MaxSize} pairs had already evicted (it keeps pairs {firstKept} … {firstKept + window.Count - 1}). Train on the dataset itself, " +
                    "dataset.SampleRandomData: it drops the oldest pairs beyond its cap, so the data follow the newest policies and memory stays bounded.");
        }
    }

    static Dictionary<float, (int Index, float[] Obs, float[] Act)> AllPairsById(LoopRun run)
    {
        var result = new Dictionary<float, (int, float[], float[])>();
        var all = run.AllPairs();
        for (int k = 0; k < all.Count; k++) result[all[k].Obs[2]] = (k, all[k].Obs, all[k].Act);
        return result;
    }

    static bool Same((float[] Obs, float[] Act) a, (float[] Obs, float[] Act) b) => a.Obs.AsSpan().SequenceEqual(b.Obs) && a.Act.AsSpan().SequenceEqual(b.Act);
}
