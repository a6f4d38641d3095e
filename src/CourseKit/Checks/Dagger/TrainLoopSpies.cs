using CourseKit.Backend;
using CourseKit.Buffers;
using CourseKit.Checks.Dqn;
using CourseKit.Envs;

namespace CourseKit.Checks.Dagger;

/// <summary>
/// A continuous-action env for checking DAgger's loop: every observation is distinct and names where it came
/// from (<c>[episode, step in episode, id]</c>, ids from 1000 on), episodes end after scripted lengths by
/// termination or truncation, and every call is recorded: Reset with its seed, Step with the action executed,
/// and a Step on an episode that had already ended (a loop that forgot to reset).
/// </summary>
public sealed class DaggerSpyEnv : ScriptedSpyEnv<float[]>
{
    /// <summary>The id of the first observation the env emits; demonstrations use smaller ids.</summary>
    public const int FirstId = 1000;

    /// <summary>Creates the env; episode i lasts <c>script[i % script.Length].Length</c> steps and ends as scripted.</summary>
    public DaggerSpyEnv(params (int Length, SpyEnd End)[] script)
        : base("DaggerSpyEnv", FirstId, "Start each iteration's collection with env.Reset.", script) { }

    /// <summary>One step as the env saw it.</summary>
    public sealed record Transition(float[] Obs, float[] Action, float[] NextObs, bool Terminated, bool Truncated);

    /// <inheritdoc />
    public override Space<float[]> ActionSpace { get; } = new Box(-1e6f, 1e6f, 2);

    /// <summary>Every step taken, in order.</summary>
    public List<Transition> Steps { get; } = [];

    /// <inheritdoc />
    public override Step<float[]> Step(float[] action)
    {
        var (obs, next, terminated, truncated, _) = Advance();
        Steps.Add(new Transition(obs, action?.ToArray() ?? [], next, terminated, truncated));
        return new Step<float[]>(next, -1, terminated, truncated, new Dictionary<string, object>());
    }
}

/// <summary>
/// The delegates DAgger's loop receives, as spies: an expert and a learner whose actions tell them apart, a
/// mixture that chooses by a fixed pattern and records the β it was given, a train step that records the
/// dataset it trained on and the minibatch it got, and an evaluation. Each call is recorded with the number
/// of env steps taken when it happened.
/// </summary>
public sealed class DaggerSpies(DaggerSpyEnv env, TrajectoryDataset dataset)
{
    private bool _acting;

    /// <summary>The expert's rule: a function of the observation's id, second component +1.</summary>
    public static float[] ExpertAction(float[] o) => [o[2] + 0.25f, 1f];

    /// <summary>The learner's rule: a different function of the id, second component −1.</summary>
    public static float[] LearnerAction(float[] o) => [-o[2] - 0.5f, -1f];

    /// <summary>Every expert call: the observation's id, whether it was to act (inside the mixture) and env steps taken.</summary>
    public List<(float Id, bool Acting, int StepsTaken)> ExpertCalls { get; } = [];

    /// <summary>Every mixture call: env steps taken, the observation's id, β, whether the expert was chosen, and what was returned.</summary>
    public List<(int StepsTaken, float Id, double Beta, bool Expert, float[] Returned)> Mixtures { get; } = [];

    /// <summary>Every train step: env steps taken, the dataset as it was (oldest first), the minibatch's rows, the loss returned.</summary>
    public List<(int StepsTaken, (float[] Obs, float[] Act)[] Dataset, (float[] Obs, float[] Act)[] Batch, float Loss)> TrainCalls { get; } = [];

    /// <summary>Every evaluation: env steps taken, train steps done by then, the iteration given, the value returned.</summary>
    public List<(int StepsTaken, int TrainCallsBefore, int Iteration, double Returned)> Evaluations { get; } = [];

    /// <summary>The expert delegate.</summary>
    public float[] Expert(float[] o)
    {
        ExpertCalls.Add((o is { Length: 3 } ? o[2] : float.NaN, _acting, env.StepCount));
        return ExpertAction(o);
    }

    /// <summary>The learner delegate.</summary>
    public float[] Learner(float[] o) => LearnerAction(o);

    /// <summary>
    /// The mixture delegate: the expert acts on call n when frac(n · 0.618…) &lt; β (a β share of the calls, no
    /// randomness), by calling the policy passed in that position; the other policy is not called.
    /// </summary>
    public float[] MixedAction(float[] o, Func<float[], float[]> expert, Func<float[], float[]> learner, double beta, Random rng)
    {
        double u = Mixtures.Count * 0.6180339887498949 % 1.0;
        bool byExpert = u < beta;
        _acting = true;
        float[] a;
        try { a = byExpert ? expert(o) : learner(o); }
        finally { _acting = false; }
        Mixtures.Add((env.StepCount, o is { Length: 3 } ? o[2] : float.NaN, beta, byExpert, a?.ToArray() ?? []));
        return a!;
    }

    /// <summary>The train step: records what it was given and returns a loss that differs on every call.</summary>
    public float TrainStep(Tensor observations, Tensor actions)
    {
        var snapshot = Enumerable.Range(0, dataset.Count).Select(k => dataset[k]).ToArray();
        var batch = Rows(observations, actions);
        float loss = 2f + 0.5f * TrainCalls.Count;
        TrainCalls.Add((env.StepCount, snapshot, batch, loss));
        return loss;
    }

    /// <summary>The evaluation: returns a value that differs on every call.</summary>
    public double Evaluate(int iteration)
    {
        double value = -300 + 7 * Evaluations.Count;
        Evaluations.Add((env.StepCount, TrainCalls.Count, iteration, value));
        return value;
    }

    static (float[] Obs, float[] Act)[] Rows(Tensor observations, Tensor actions)
    {
        if (observations is null || actions is null) return [];
        if (observations.dim() != 2 || actions.dim() != 2 || observations.shape[0] != actions.shape[0] || observations.shape[1] != 3 || actions.shape[1] != 2)
            throw new CheckFailedException($"trainStep got observations of shape [{string.Join(", ", observations.shape)}] and actions of shape [{string.Join(", ", actions.shape)}]; " +
                "expected [B, 3] and [B, 2], one row per pair, as dataset.SampleRandomData returns them.");
        float[] o = TensorData.ToArray<float>(observations), a = TensorData.ToArray<float>(actions);
        return Enumerable.Range(0, (int)observations.shape[0]).Select(r => (o[(3 * r)..(3 * r + 3)], a[(2 * r)..(2 * r + 2)])).ToArray();
    }
}
