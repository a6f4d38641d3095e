namespace CourseKit.Envs;

/// <summary>
/// Repeats each action for <see cref="Skip"/> steps, sums the rewards, and returns the element-wise
/// maximum of the last two observations (DQN's Atari trick against flickering sprites; Gymnasium's
/// <c>MaxAndSkipObservation</c>). Stops early when the episode ends. One difference from Gymnasium: when
/// the episode ends on the first repeated step, that observation is returned as it is, not maxed with
/// a stale frame from the previous call.
/// </summary>
public sealed class MaxAndSkip<TAct> : Wrapper<float[], TAct>
{
    readonly float[] _previous, _last;

    /// <summary>Repeats actions <paramref name="skip"/> times (at least 2).</summary>
    public MaxAndSkip(Env<float[], TAct> env, int skip = 4) : base(env)
    {
        if (skip < 2) throw new ArgumentOutOfRangeException(nameof(skip), skip, "MaxAndSkip needs skip >= 2 (skip 1 would be the env itself)");
        var space = env.ObservationSpace as Box
                    ?? throw new ArgumentException($"MaxAndSkip needs a Box observation space, {env.Id} has {env.ObservationSpace}", nameof(env));
        Skip = skip;
        _previous = new float[space.Size];
        _last = new float[space.Size];
    }

    /// <summary>How many env steps one action lasts.</summary>
    public int Skip { get; }

    /// <inheritdoc/>
    public override Step<float[]> Step(TAct action)
    {
        var obs = new float[_last.Length];
        var o = StepInto(action, obs);
        return new Step<float[]>(obs, o.Reward, o.Terminated, o.Truncated, o.Info);
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        double total = 0;
        StepOutcome o = default;
        int taken = 0;
        for (; taken < Skip; taken++)
        {
            if (taken > 0) _last.CopyTo(_previous, 0);
            o = Inner.StepInto(action, _last);
            total += o.Reward;
            if (o.Terminated || o.Truncated) { taken++; break; }
        }
        for (int i = 0; i < _last.Length; i++)
            observation[i] = taken >= 2 ? Math.Max(_previous[i], _last[i]) : _last[i];
        return o with { Reward = total };
    }
}
