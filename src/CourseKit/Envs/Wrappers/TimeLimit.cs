namespace CourseKit.Envs;

/// <summary>
/// Ends episodes after <see cref="MaxEpisodeSteps"/> steps by setting <c>Truncated</c> (never
/// <c>Terminated</c>: running out of time is not a terminal state, so value targets still bootstrap).
/// <see cref="Gym.Make(string, int?)"/> adds it with the registered limit, as Gymnasium's <c>make</c> does.
/// </summary>
public sealed class TimeLimit<TObs, TAct> : Wrapper<TObs, TAct>
{
    int _elapsed = -1;
    bool _warned;

    /// <summary>Truncates <paramref name="env"/>'s episodes after <paramref name="maxEpisodeSteps"/> steps.</summary>
    public TimeLimit(Env<TObs, TAct> env, int maxEpisodeSteps) : base(env)
    {
        if (maxEpisodeSteps <= 0)
            throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "the step limit must be positive");
        MaxEpisodeSteps = maxEpisodeSteps;
    }

    /// <summary>The step limit.</summary>
    public int MaxEpisodeSteps { get; }

    /// <summary>Steps taken in the current episode (0 right after Reset).</summary>
    public int ElapsedSteps => Math.Max(_elapsed, 0);

    /// <inheritdoc/>
    public override (TObs obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        var result = Inner.Reset(seed);
        Started();
        return result;
    }

    /// <inheritdoc/>
    public override Step<TObs> Step(TAct action)
    {
        if (_elapsed < 0) throw EnvErrors.StepBeforeReset(Id);
        var s = Inner.Step(action);
        return Count() ? s with { Truncated = true } : s;
    }

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        var info = Inner.ResetInto(seed, observation);
        Started();
        return info;
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        if (_elapsed < 0) throw EnvErrors.StepBeforeReset(Id);
        var o = Inner.StepInto(action, observation);
        return Count() ? o with { Truncated = true } : o;
    }

    void Started()
    {
        _elapsed = 0;
        _warned = false;
    }

    bool Count()
    {
        _elapsed++;
        if (_elapsed > MaxEpisodeSteps && !_warned)
        {
            _warned = true;
            EnvWarnings.Warn($"{EnvErrors.Name(Id)}: Step was called after the episode was truncated at {MaxEpisodeSteps} steps. Call Reset() once Truncated is true; every further step is reported as truncated.");
        }
        return _elapsed >= MaxEpisodeSteps;
    }
}
