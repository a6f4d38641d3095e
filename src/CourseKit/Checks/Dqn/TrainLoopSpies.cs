using CourseKit.Buffers;
using CourseKit.Envs;

namespace CourseKit.Checks.Dqn;

/// <summary>How a spy episode ends: the task ends (terminated), a time limit cuts it (truncated), or both at once.</summary>
public enum SpyEnd { Terminated, Truncated, Both }

/// <summary>
/// An env for checking a training loop: every observation is distinct (so a stored transition shows which step
/// it came from), every reward differs, and episodes end after scripted lengths, by termination or truncation.
/// It records every call: Reset (with its seed), Step (with the action), and a Step on an episode that had
/// already ended (a loop that forgot to reset).
/// </summary>
public sealed class SpyEnv : Env<float[], int>
{
    private readonly (int Length, SpyEnd End)[] _script;
    private int _episode = -1, _t, _emitted;
    private float[]? _obs;
    private bool _ended;
    private SpyEnd _lastEnd;

    /// <summary>Creates the env; episode i lasts <c>script[i % script.Length].Length</c> steps and ends as scripted.</summary>
    public SpyEnv(params (int Length, SpyEnd End)[] script)
    {
        if (script.Length == 0 || script.Any(s => s.Length < 1)) throw new ArgumentException("SpyEnv: give at least one episode of at least one step.");
        _script = script;
        Id = "SpyEnv";
    }

    /// <summary>One step as the env saw it.</summary>
    public sealed record Transition(float[] Obs, int Action, double Reward, float[] NextObs, bool Terminated, bool Truncated, int Episode);

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace { get; } = new Box(-1e6f, 1e6f, 3);

    /// <inheritdoc />
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    /// <summary>Every step taken, in order.</summary>
    public List<Transition> Steps { get; } = [];

    /// <summary>The seed of every Reset, in order (null for a Reset without one), and how many steps had been taken before it.</summary>
    public List<(int? Seed, int StepsBefore)> Resets { get; } = [];

    /// <summary>The first Step on an episode that had already ended: its index and how that episode ended; null if none.</summary>
    public (int StepIndex, SpyEnd End)? SteppedAfterEnd { get; private set; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount => Steps.Count;

    /// <inheritdoc />
    public override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        Resets.Add((seed, Steps.Count));
        _episode++;
        _t = 0;
        _ended = false;
        _obs = Next();
        return (_obs, new Dictionary<string, object>());
    }

    /// <inheritdoc />
    public override Step<float[]> Step(int action)
    {
        if (_obs is null) throw new InvalidOperationException("SpyEnv: Step before the first Reset. Call env.Reset(seed) before the loop.");
        if (_ended && SteppedAfterEnd is null) SteppedAfterEnd = (Steps.Count, _lastEnd);
        _t++;
        var (length, end) = _script[_episode % _script.Length];
        bool last = _t == length && !_ended;
        bool terminated = last && end != SpyEnd.Truncated, truncated = last && end != SpyEnd.Terminated;
        if (last) { _ended = true; _lastEnd = end; }
        double reward = 1 + 0.25 * (Steps.Count % 4);
        var next = Next();
        Steps.Add(new Transition(_obs, action, reward, next, terminated, truncated, _episode));
        _obs = next;
        return new Step<float[]>(next, reward, terminated, truncated, new Dictionary<string, object>());
    }

    // [episode, step in episode, observations emitted so far]: distinct, and small enough for float32.
    private float[] Next() => [_episode, _t, _emitted++];

    /// <inheritdoc />
    public override Frame Render() => throw new NotSupportedException("SpyEnv draws nothing: it only records what the training loop does.");
}

/// <summary>
/// The delegates a training loop receives, as spies: each call is recorded with the number of env steps taken
/// when it happened, and acting during an evaluation is told apart from acting during training.
/// </summary>
public sealed class LoopSpies(SpyEnv env, ReplayBuffer buffer)
{
    private bool _evaluating;
    private double _lastEvalEpsilon;
    private bool _evalActed;

    /// <summary>ε of every training action, with the env steps taken before it.</summary>
    public List<(int StepsTaken, double Epsilon)> TrainingActs { get; } = [];

    /// <summary>Every trainStep call: env steps taken, transitions in the buffer, rows in the batch.</summary>
    public List<(int StepsTaken, int BufferCount, long BatchRows)> TrainCalls { get; } = [];

    /// <summary>Env steps taken at every syncTarget call.</summary>
    public List<int> Syncs { get; } = [];

    /// <summary>Every evaluate call: env steps taken, the step it was given, the largest ε its policy acted with (null: the policy never called act), the value returned.</summary>
    public List<(int StepsTaken, long Step, double? Epsilon, bool SameAction, double Returned)> Evaluations { get; } = [];

    /// <summary>The action rule of the spy policy: a fixed function of the observation.</summary>
    public static int Action(float[] o) => ((int)o[2] * 7 + 3) / 5 % 2;

    /// <summary>The act delegate.</summary>
    public int Act(float[] obs, double epsilon)
    {
        if (_evaluating)
        {
            _evalActed = true;
            _lastEvalEpsilon = Math.Max(_lastEvalEpsilon, epsilon);
        }
        else TrainingActs.Add((env.StepCount, epsilon));
        return Action(obs);
    }

    /// <summary>The trainStep delegate: returns two statistics that differ on every call.</summary>
    public IReadOnlyDictionary<string, double> TrainStep(ReplayBatch batch)
    {
        TrainCalls.Add((env.StepCount, buffer.Count, batch.Observations.shape[0]));
        return new Dictionary<string, double> { ["loss"] = 0.5 + TrainCalls.Count, ["q_values"] = -TrainCalls.Count };
    }

    /// <summary>The syncTarget delegate.</summary>
    public void Sync() => Syncs.Add(env.StepCount);

    /// <summary>The evaluate delegate: runs the policy on three observations and returns a value that differs on every call.</summary>
    public double Evaluate(long step, Func<float[], int> policy)
    {
        _evaluating = true;
        _evalActed = false;
        _lastEvalEpsilon = 0;
        bool same = true;
        try
        {
            for (int i = 0; i < 3; i++)
            {
                float[] o = [-1, i, 1000 + i];
                same &= policy(o) == Action(o);
            }
        }
        finally { _evaluating = false; }
        double value = 100 + Evaluations.Count;
        Evaluations.Add((env.StepCount, step, _evalActed ? _lastEvalEpsilon : null, same, value));
        return value;
    }
}
