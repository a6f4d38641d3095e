namespace CourseKit.Envs;

/// <summary>Clips every reward into [<see cref="Min"/>, <see cref="Max"/>] (Gymnasium's <c>ClipReward</c>; Atari DQN uses [-1, 1]).</summary>
public sealed class ClipReward<TObs, TAct> : Wrapper<TObs, TAct>
{
    /// <summary>Clips <paramref name="env"/>'s rewards; either bound may be null (unbounded) but not both.</summary>
    public ClipReward(Env<TObs, TAct> env, double? min = -1.0, double? max = 1.0) : base(env)
    {
        if (min is null && max is null) throw new ArgumentException("ClipReward needs a lower bound, an upper bound, or both");
        if (min > max) throw new ArgumentException($"ClipReward: min ({min}) must not exceed max ({max})");
        Min = min ?? double.NegativeInfinity;
        Max = max ?? double.PositiveInfinity;
    }

    /// <summary>The lowest reward passed on.</summary>
    public double Min { get; }

    /// <summary>The highest reward passed on.</summary>
    public double Max { get; }

    /// <inheritdoc/>
    public override Step<TObs> Step(TAct action)
    {
        var s = Inner.Step(action);
        return s with { Reward = Math.Clamp(s.Reward, Min, Max) };
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var o = Inner.StepInto(action, observation);
        return o with { Reward = Math.Clamp(o.Reward, Min, Max) };
    }
}
