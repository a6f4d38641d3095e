using CourseKit.Buffers;
using CourseKit.Envs;

namespace CourseKit.Checks.Dqn;

/// <summary>How a spy episode ends: the task ends (terminated), a time limit cuts it (truncated), or both at once.</summary>
public enum SpyEnd { Terminated, Truncated, Both }

/// <summary>
/// An env for checking a training loop (discrete actions): every observation is distinct (so a stored transition
/// shows which step it came from), every reward differs, and episodes end after scripted lengths, by termination
/// or truncation. It records every Reset (with its seed), every Step (with the action), and a Step on an episode
/// that had already ended (a loop that forgot to reset).
/// </summary>
public sealed class SpyEnv : ScriptedSpyEnv<int>
{
    /// <summary>Creates the env; episode i lasts <c>script[i % script.Length].Length</c> steps and ends as scripted.</summary>
    public SpyEnv(params (int Length, SpyEnd End)[] script) : base("SpyEnv", firstId: 0, "Call env.Reset(seed) before the loop.", script) { }

    /// <summary>One step as the env saw it.</summary>
    public sealed record Transition(float[] Obs, int Action, double Reward, float[] NextObs, bool Terminated, bool Truncated, int Episode);

    /// <inheritdoc />
    public override Space<int> ActionSpace { get; } = new Discrete(2);

    /// <summary>Every step taken, in order.</summary>
    public List<Transition> Steps { get; } = [];

    /// <inheritdoc />
    public override Step<float[]> Step(int action)
    {
        double reward = 1 + 0.25 * (StepCount % 4);
        var (obs, next, terminated, truncated, episode) = Advance();
        Steps.Add(new Transition(obs, action, reward, next, terminated, truncated, episode));
        return new Step<float[]>(next, reward, terminated, truncated, new Dictionary<string, object>());
    }
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
