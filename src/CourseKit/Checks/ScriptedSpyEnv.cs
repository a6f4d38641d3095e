using CourseKit.Checks.Dqn;
using CourseKit.Envs;

namespace CourseKit.Checks;

/// <summary>
/// The common part of the course's spy envs for checking training loops, over the action type: every observation
/// is distinct and names where it came from (<c>[episode, step in episode, id]</c>), episodes end after scripted
/// lengths by termination or truncation, and every Reset (with its seed) is recorded, as is the first Step on an
/// episode that had already ended (a loop that forgot to reset). A subclass records each step its own way.
/// </summary>
public abstract class ScriptedSpyEnv<TAction> : Env<float[], TAction>
{
    private readonly (int Length, SpyEnd End)[] _script;
    private readonly string _name, _resetHint;
    private int _episode = -1, _t, _emitted, _steps;
    private float[]? _obs;
    private bool _ended;
    private SpyEnd _lastEnd;

    /// <summary>Creates the env; episode i lasts <c>script[i % script.Length].Length</c> steps and ends as scripted.</summary>
    /// <param name="name">The env's id, used in its messages.</param>
    /// <param name="firstId">The id of the first observation emitted.</param>
    /// <param name="resetHint">What the message for a Step before any Reset tells the student to do.</param>
    /// <param name="script">Each episode's length and how it ends.</param>
    protected ScriptedSpyEnv(string name, int firstId, string resetHint, (int Length, SpyEnd End)[] script)
    {
        if (script.Length == 0 || script.Any(s => s.Length < 1)) throw new ArgumentException($"{name}: give at least one episode of at least one step.");
        _script = script;
        _name = name;
        _resetHint = resetHint;
        _emitted = firstId;
        Id = name;
    }

    /// <inheritdoc />
    public override Space<float[]> ObservationSpace { get; } = new Box(-1e6f, 1e6f, 3);

    /// <summary>The seed of every Reset, in order (null for a Reset without one), and how many steps had been taken before it.</summary>
    public List<(int? Seed, int StepsBefore)> Resets { get; } = [];

    /// <summary>The first Step on an episode that had already ended: its index and how that episode ended; null if none.</summary>
    public (int StepIndex, SpyEnd End)? SteppedAfterEnd { get; private set; }

    /// <summary>Steps taken so far.</summary>
    public int StepCount => _steps;

    /// <summary>The step counts at which an episode ended (terminated or truncated): a Reset may follow each.</summary>
    public HashSet<int> EpisodeEnds { get; } = [];

    /// <inheritdoc />
    public override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        Resets.Add((seed, _steps));
        _episode++;
        _t = 0;
        _ended = false;
        _obs = Next();
        return (_obs, new Dictionary<string, object>());
    }

    /// <summary>
    /// Moves the script on by one step: the observation the step starts from, the next one, how the step ends and
    /// the episode it belongs to. A subclass's Step calls this once and records the step.
    /// </summary>
    protected (float[] Obs, float[] Next, bool Terminated, bool Truncated, int Episode) Advance()
    {
        if (_obs is null) throw new InvalidOperationException($"{_name}: Step before the first Reset. {_resetHint}");
        if (_ended && SteppedAfterEnd is null) SteppedAfterEnd = (_steps, _lastEnd);
        _t++;
        var (length, end) = _script[_episode % _script.Length];
        bool last = _t == length && !_ended;
        bool terminated = last && end != SpyEnd.Truncated, truncated = last && end != SpyEnd.Terminated;
        if (last) { _ended = true; _lastEnd = end; }
        var from = _obs;
        _obs = Next();
        _steps++;
        if (terminated || truncated) EpisodeEnds.Add(_steps);
        return (from, _obs, terminated, truncated, _episode);
    }

    // [episode, step in episode, id]: distinct, and small enough for float32.
    private float[] Next() => [_episode, _t, _emitted++];

    /// <inheritdoc />
    public override Frame Render() => throw new NotSupportedException($"{_name} draws nothing: it only records what the training loop does.");
}

/// <summary>The checks every spy-env loop check shares: the first Reset takes the seed, later ones none, and no step runs on an ended episode.</summary>
public static class SpyEpisodeChecks
{
    /// <summary>
    /// Checks that the first call on <paramref name="env"/> was Reset(<paramref name="seed"/>), that no Step ran on an
    /// episode that had ended, and that every later Reset came without a seed and where <paramref name="resetAllowed"/>
    /// (given the steps taken before it and whether an episode had just ended) says a reset may happen.
    /// </summary>
    public static void CheckResets<TAction>(string call, ScriptedSpyEnv<TAction> env, int seed, Func<int, bool, bool> resetAllowed, string notAllowed)
    {
        Expect.True(env.Resets.Count > 0 && env.Resets[0] == (seed, 0),
            $"{call}: the first call on the env must be env.Reset(seed) with the seed given ({seed}); got " +
            (env.Resets.Count == 0 ? "no Reset at all." : $"Reset({Expect.Show(env.Resets[0].Seed)}) after {env.Resets[0].StepsBefore} steps."));
        if (env.SteppedAfterEnd is var (at, end))
        {
            string how = end switch
            {
                SpyEnd.Truncated => "was TRUNCATED (a time limit cut it; terminated was false)",
                SpyEnd.Terminated => "TERMINATED",
                _ => "terminated and was truncated",
            };
            throw new CheckFailedException($"{call}: env.Step was called at env step {at} on an episode that {how} at an earlier step, without env.Reset() in between. " +
                "Start a new episode when a step is terminated OR truncated: either flag ends it.");
        }
        foreach (var (s, before) in env.Resets.Skip(1))
        {
            Expect.True(s is null, $"{call}: env.Reset({s}) after env step {before - 1}: pass the seed only to the very first Reset; later episodes call env.Reset() with no seed, or every episode replays the same start.");
            Expect.True(resetAllowed(before, env.EpisodeEnds.Contains(before)), $"{call}: env.Reset() after env step {before - 1}, {notAllowed}");
        }
    }
}
