namespace CourseKit.Envs;

/// <summary>
/// A wrapper that changes each observation element-wise in place (Gymnasium's <c>ObservationWrapper</c>):
/// subclasses implement <see cref="Transform"/> and say what the new <see cref="ObservationSpace"/> is.
/// </summary>
public abstract class ObservationWrapper<TAct> : Wrapper<float[], TAct>
{
    readonly Box _space;

    /// <summary>Wraps <paramref name="env"/>; its observations become members of <paramref name="space"/>.</summary>
    protected ObservationWrapper(Env<float[], TAct> env, Box space) : base(env) => _space = space;

    /// <summary>The observation space after the transformation.</summary>
    public sealed override Space<float[]> ObservationSpace => _space;

    /// <summary>Changes one observation in place.</summary>
    protected abstract void Transform(Span<float> observation);

    /// <summary>The inner env's Box, or a clear error naming the wrapper that needs one.</summary>
    protected static Box BoxOf(Env<float[], TAct> env, string wrapper) =>
        env.ObservationSpace as Box ?? throw new ArgumentException($"{wrapper} needs a Box observation space, {env.Id} has {env.ObservationSpace}", nameof(env));

    /// <inheritdoc/>
    public sealed override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        var (obs, info) = Inner.Reset(seed);
        var copy = (float[])obs.Clone(); // the inner env may hand out the same array again
        Transform(copy);
        return (copy, info);
    }

    /// <inheritdoc/>
    public sealed override Step<float[]> Step(TAct action)
    {
        var s = Inner.Step(action);
        var copy = (float[])s.Observation.Clone();
        Transform(copy);
        return s with { Observation = copy };
    }

    internal sealed override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        var info = Inner.ResetInto(seed, observation);
        Transform(observation);
        return info;
    }

    internal sealed override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var o = Inner.StepInto(action, observation);
        Transform(observation);
        return o;
    }
}
