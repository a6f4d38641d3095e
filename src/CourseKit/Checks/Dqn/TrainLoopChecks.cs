using CourseKit.Backend;
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;
using LoopFn = System.Action<CourseKit.Rl.DqnConfig, CourseKit.Envs.Env<float[], int>, CourseKit.Buffers.ReplayBuffer, CourseKit.Rl.ISchedule,
    System.Func<float[], double, int>, System.Func<CourseKit.Buffers.ReplayBatch, System.Collections.Generic.IReadOnlyDictionary<string, double>>,
    System.Action, System.Func<long, System.Func<float[], int>, double>, CourseKit.Rl.ExperimentLog, int>;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.train_loop</c>:
/// <c>static void TrainLoop(DqnConfig cfg, Env&lt;float[], int&gt; env, ReplayBuffer buffer, ISchedule exploration,
/// Func&lt;float[], double, int&gt; act, Func&lt;ReplayBatch, IReadOnlyDictionary&lt;string, double&gt;&gt; trainStep, Action syncTarget,
/// Func&lt;long, Func&lt;float[], int&gt;, double&gt; evaluate, ExperimentLog log, int seed)</c>.
/// The loop runs on a <see cref="SpyEnv"/> with spy delegates (<see cref="LoopSpies"/>); every rule of the contract is
/// checked on what they recorded, so each scenario fails, naming the rule, whichever rule a loop breaks.
/// </summary>
[ExerciseChecks("dqn.train_loop")]
public static partial class TrainLoopChecks
{
    /// <summary>The self-check cell: <c>TrainLoopChecks.Run(TrainLoop);</c></summary>
    public static SelfCheckReport Run(LoopFn f) => SelfCheck.Run("dqn.train_loop", f);

    /// <summary>Episodes that terminate, are truncated, or both; a gradient step every env step.</summary>
    [Check(Weight = 2, Description = "episodes ending by termination and by truncation, a gradient step every env step")]
    public static void BothEnds(LoopFn f) => Verify(f,
        new DqnConfig(TotalSteps: 60, BatchSize: 4, LearningStarts: 10, TrainEvery: 1, TargetSyncEvery: 7, EvalEvery: 15),
        new PiecewiseSchedule([(0, 0.9), (30, 0.1)], outsideValue: 0.1),
        [(6, SpyEnd.Terminated), (5, SpyEnd.Truncated), (9, SpyEnd.Terminated), (4, SpyEnd.Truncated), (3, SpyEnd.Both)], seed: 3);

    /// <summary>Periods that differ: training, target sync and evaluation each on their own clock.</summary>
    [Check(Weight = 2, Description = "a gradient step every 3 env steps from step 20, target sync every 8, evaluation every 12")]
    public static void OwnPeriods(LoopFn f) => Verify(f,
        new DqnConfig(TotalSteps: 90, BatchSize: 5, LearningStarts: 20, TrainEvery: 3, TargetSyncEvery: 8, EvalEvery: 12),
        new PiecewiseSchedule([(0, 0.7), (10, 0.5), (50, 0.05)], outsideValue: 0.05),
        [(11, SpyEnd.Truncated), (4, SpyEnd.Terminated), (7, SpyEnd.Truncated)], seed: 8);

    /// <summary>
    /// Runs the loop on a <see cref="SpyEnv"/> playing <paramref name="script"/> with spy delegates and checks every rule of
    /// the contract on what was recorded; the first rule broken is named.
    /// </summary>
    public static void Verify(LoopFn f, DqnConfig cfg, ISchedule exploration, (int Length, SpyEnd End)[] script, int seed)
    {
        string call = $"TrainLoop(TotalSteps {cfg.TotalSteps}, LearningStarts {cfg.LearningStarts}, TrainEvery {cfg.TrainEvery}, " +
                      $"TargetSyncEvery {cfg.TargetSyncEvery}, EvalEvery {cfg.EvalEvery}, BatchSize {cfg.BatchSize}, seed {seed})";
        var env = new SpyEnv(script);
        var buffer = new ReplayBuffer(cfg.TotalSteps + 1, [3], new Random(seed));
        var spies = new LoopSpies(env, buffer);
        var log = new ExperimentLog();
        try
        {
            f(cfg, env, buffer, exploration, spies.Act, spies.TrainStep, spies.Sync, spies.Evaluate, log, seed);
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("ReplayBuffer.Sample", StringComparison.Ordinal) && env.StepCount <= cfg.LearningStarts)
        {
            throw new CheckFailedException($"{call}: the buffer was sampled at env step {env.StepCount - 1}, before cfg.LearningStarts = {cfg.LearningStarts} " +
                $"({e.Message}). No learning before learning starts: call trainStep only once t >= cfg.LearningStarts.");
        }
        CheckResets(call, cfg, env, seed);
        CheckActing(call, cfg, exploration, env, spies);
        CheckStored(call, cfg, env, buffer);
        CheckTraining(call, cfg, spies);
        CheckSyncs(call, cfg, spies);
        CheckEvaluations(call, cfg, spies);
        CheckLog(call, env, spies, log);
    }

    static void CheckResets(string call, DqnConfig cfg, SpyEnv env, int seed)
    {
        SpyEpisodeChecks.CheckResets(call, env, seed, (_, afterEnd) => afterEnd, "which neither terminated nor was truncated: reset only when an episode ends.");
        Expect.True(env.StepCount == cfg.TotalSteps, $"{call}: took {Expect.Count(env.StepCount, "env step")}; expected one per t = 0 … cfg.TotalSteps − 1, {cfg.TotalSteps}.");
    }

    static void CheckActing(string call, DqnConfig cfg, ISchedule exploration, SpyEnv env, LoopSpies spies)
    {
        var acts = spies.TrainingActs;
        for (int t = 0; t < Math.Min(acts.Count, env.StepCount); t++)
        {
            Expect.True(acts[t].StepsTaken == t, $"{call}: act was called {(acts[t].StepsTaken < t ? "twice" : "not at all")} for env step {Math.Min(acts[t].StepsTaken, t)}: " +
                "choose exactly one action per env step, a = act(obs, ε), then step the env with it.");
            double want = exploration.Value(t);
            if (acts[t].Epsilon != want)
                throw new CheckFailedException($"{call}: the action of env step {t} was chosen with ε = {Expect.Show(acts[t].Epsilon)}; expected exploration.Value({t}) = {Expect.Show(want)}. " +
                    (acts[t].Epsilon == exploration.Value(t + 1) ? "That is exploration.Value(t + 1): count t from 0, the step being taken." : "ε comes from the schedule: ε = exploration.Value(t)."));
        }
        Expect.True(acts.Count == env.StepCount, $"{call}: act was called {acts.Count} times outside evaluation for {env.StepCount} env steps: one action per env step.");
        for (int t = 0; t < env.StepCount; t++)
            Expect.True(env.Steps[t].Action == LoopSpies.Action(env.Steps[t].Obs),
                $"{call}: env step {t} was taken with action {env.Steps[t].Action}, not the one act(obs, ε) chose for the observation in hand: step the env with a = act(obs, ε).");
    }

    static void CheckStored(string call, DqnConfig cfg, SpyEnv env, ReplayBuffer buffer)
    {
        Expect.True(buffer.Count == env.StepCount, $"{call}: the buffer holds {Expect.Count(buffer.Count, "transition")} after {env.StepCount} env steps: insert every transition, one per env step.");
        var stored = buffer.Gather(Enumerable.Range(0, buffer.Count).ToArray());
        float[] obs = TensorData.ToArray<float>(stored.Observations), next = TensorData.ToArray<float>(stored.NextObservations), rewards = TensorData.ToArray<float>(stored.Rewards), dones = TensorData.ToArray<float>(stored.Dones);
        long[] actions = TensorData.ToArray<long>(stored.Actions);
        for (int t = 0; t < env.StepCount; t++)
        {
            var s = env.Steps[t];
            string at = $"{call}: the transition stored for env step {t}";
            Expect.True(obs.AsSpan(3 * t, 3).SequenceEqual(s.Obs), $"{at} has observation {Expect.Show(obs[(3 * t)..(3 * t + 3)])}, expected {Expect.Show(s.Obs)}: store the observation the action was taken in.");
            Expect.True(next.AsSpan(3 * t, 3).SequenceEqual(s.NextObs),
                $"{at} has next observation {Expect.Show(next[(3 * t)..(3 * t + 3)])}, expected {Expect.Show(s.NextObs)}: store the observation env.Step returned, even when the episode ends (not the one Reset gives).");
            Expect.True(actions[t] == s.Action, $"{at} has action {actions[t]}, expected {s.Action}: store the action that was taken.");
            Expect.True(rewards[t] == (float)s.Reward, $"{at} has reward {Expect.Show(rewards[t])}, expected {Expect.Show(s.Reward)}: store the step's reward.");
            bool done = dones[t] != 0;
            if (done == s.Terminated) continue;
            throw new CheckFailedException(s.Truncated && !s.Terminated
                ? $"{at} was TRUNCATED by a time limit (terminated was false) and stored with done = true. Store done = terminated only: a time limit is not a terminal state, so its target must still bootstrap."
                : $"{at} TERMINATED and was stored with done = {(done ? "true" : "false")}: store done = terminated.");
        }
    }

    static void CheckTraining(string call, DqnConfig cfg, LoopSpies spies)
    {
        var calls = spies.TrainCalls;
        int k = cfg.TrainEvery, ls = cfg.LearningStarts;
        Expect.True(calls.Count > 0, $"{call}: trainStep was never called: once t >= cfg.LearningStarts, call trainStep(buffer.Sample(cfg.BatchSize)) every cfg.TrainEvery env steps.");
        int first = calls[0].StepsTaken - 1;
        Expect.True(first >= ls - 1, $"{call}: the first gradient step came at env step {first}, before cfg.LearningStarts = {ls}. No learning before learning starts: call trainStep only once t >= cfg.LearningStarts.");
        Expect.True(first <= ls + k, $"{call}: the first gradient step came only at env step {first}; learning starts at cfg.LearningStarts = {ls} with a step every cfg.TrainEvery = {k}.");
        for (int i = 1; i < calls.Count; i++)
        {
            int gap = calls[i].StepsTaken - calls[i - 1].StepsTaken;
            Expect.True(gap == k, $"{call}: gradient steps at env steps {calls[i - 1].StepsTaken - 1} and {calls[i].StepsTaken - 1} are {gap} apart: " +
                $"one gradient step every cfg.TrainEvery = {k} env steps (t % cfg.TrainEvery == 0).");
        }
        int last = calls[^1].StepsTaken - 1;
        Expect.True(last >= cfg.TotalSteps - 1 - k, $"{call}: the last gradient step came at env step {last} of {cfg.TotalSteps}: keep training every cfg.TrainEvery steps to the end.");
        var bad = calls.FirstOrDefault(c => c.BatchRows != cfg.BatchSize);
        Expect.True(bad == default, $"{call}: trainStep got a batch of {bad.BatchRows} transitions: sample cfg.BatchSize = {cfg.BatchSize}, buffer.Sample(cfg.BatchSize).");
    }

    static void CheckSyncs(string call, DqnConfig cfg, LoopSpies spies)
    {
        var syncs = spies.Syncs;
        int n = cfg.TargetSyncEvery;
        Expect.True(syncs.Count > 0, $"{call}: syncTarget() was never called: copy the online network into the target every cfg.TargetSyncEvery env steps.");
        for (int i = 1; i < syncs.Count; i++)
        {
            int gap = syncs[i] - syncs[i - 1];
            if (gap == n) continue;
            throw new CheckFailedException($"{call}: syncTarget() was called at env steps {syncs[i - 1] - 1} and {syncs[i] - 1}, {gap} apart. " +
                (gap < n ? $"Sync the target every cfg.TargetSyncEvery = {n} env steps, not more often: a target that follows every step is no fixed target at all."
                         : $"Sync the target every cfg.TargetSyncEvery = {n} env steps (t % cfg.TargetSyncEvery == 0), counting env steps, not gradient steps."));
        }
        Expect.True(syncs[0] - 1 <= cfg.LearningStarts + n, $"{call}: the first target sync came only at env step {syncs[0] - 1}: sync whenever t % cfg.TargetSyncEvery == 0.");
        Expect.True(syncs[^1] - 1 >= cfg.TotalSteps - 1 - n, $"{call}: the last target sync came at env step {syncs[^1] - 1} of {cfg.TotalSteps}: keep syncing every cfg.TargetSyncEvery steps to the end.");
    }

    static void CheckEvaluations(string call, DqnConfig cfg, LoopSpies spies)
    {
        var evals = spies.Evaluations;
        int e = cfg.EvalEvery;
        Expect.True(evals.Count > 0, $"{call}: evaluate was never called: once t >= cfg.LearningStarts, evaluate the greedy policy every cfg.EvalEvery env steps.");
        foreach (var ev in evals)
        {
            string at = $"{call}: the evaluation at env step {ev.StepsTaken - 1}";
            Expect.True(ev.Epsilon is not null, $"{at} got a policy that never calls act: evaluate the greedy policy o => act(o, 0.0).");
            Expect.True(ev.Epsilon == 0, $"{at} acted with ε = {Expect.Show(ev.Epsilon)}. Evaluate the GREEDY policy, ε = 0: o => act(o, 0.0). Exploration belongs to training; an evaluation measures what the network has learned.");
            Expect.True(ev.SameAction, $"{at} got a policy that does not return act(o, 0.0): pass o => act(o, 0.0).");
            Expect.True(ev.Step == ev.StepsTaken - 1 || ev.Step == ev.StepsTaken, $"{at} was given step {ev.Step}: pass the current env step t.");
        }
        Expect.True(evals[0].StepsTaken - 1 <= cfg.LearningStarts + e, $"{call}: the first evaluation came only at env step {evals[0].StepsTaken - 1}: evaluate whenever t % cfg.EvalEvery == 0 once learning has started.");
        for (int i = 1; i < evals.Count; i++)
        {
            int gap = evals[i].StepsTaken - evals[i - 1].StepsTaken;
            Expect.True(gap == e, $"{call}: evaluations at env steps {evals[i - 1].StepsTaken - 1} and {evals[i].StepsTaken - 1} are {gap} apart: evaluate every cfg.EvalEvery = {e} env steps.");
        }
        Expect.True(evals[^1].StepsTaken - 1 >= cfg.TotalSteps - 1 - e, $"{call}: the last evaluation came at env step {evals[^1].StepsTaken - 1} of {cfg.TotalSteps}: keep evaluating every cfg.EvalEvery steps to the end.");
    }
}
