namespace CourseKit.Envs;

/// <summary>
/// An env that wraps another and changes one aspect of it (Gymnasium's <c>gym.Wrapper</c>). Every
/// member forwards to <see cref="Inner"/> unless the wrapper overrides it.
/// </summary>
public abstract class Wrapper<TObs, TAct> : Env<TObs, TAct>
{
    /// <summary>Wraps <paramref name="env"/>.</summary>
    protected Wrapper(Env<TObs, TAct> env)
    {
        ArgumentNullException.ThrowIfNull(env);
        Inner = env;
    }

    /// <summary>The wrapped env (Gymnasium's <c>self.env</c>).</summary>
    public Env<TObs, TAct> Inner { get; }

    /// <inheritdoc/>
    public override string Id => Inner.Id;

    /// <inheritdoc/>
    public override Space<TObs> ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc/>
    public override Space<TAct> ActionSpace => Inner.ActionSpace;

    /// <inheritdoc/>
    public override (TObs obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null) => Inner.Reset(seed);

    /// <inheritdoc/>
    public override Step<TObs> Step(TAct action) => Inner.Step(action);

    /// <inheritdoc/>
    public override Frame Render() => Inner.Render();

    /// <inheritdoc/>
    public override void Close() => Inner.Close();

    /// <inheritdoc/>
    public override Env<TObs, TAct> Unwrapped => Inner.Unwrapped;

    /// <inheritdoc/>
    public override NumpyRandom NpRandom => Inner.NpRandom;

    internal override StepOutcome StepInto(TAct action, Span<float> observation) => Inner.StepInto(action, observation);

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation) => Inner.ResetInto(seed, observation);

    /// <inheritdoc/>
    public override string ToString() => $"{GetType().Name.Split('`')[0]}<{Inner}>";
}
