namespace CourseKit.Envs;

/// <summary>
/// An env whose observations are <c>float[]</c> of a fixed size: it writes each observation into a span
/// (<see cref="ResetInto"/>, <see cref="StepInto"/>, the vector env's allocation-free path), and the public
/// <see cref="Reset"/> and <see cref="Step"/> hand out a fresh array around that.
/// </summary>
public abstract class FloatArrayEnv<TAct> : Env<float[], TAct>
{
    int ObservationSize => ((Box)ObservationSpace).Size;

    /// <inheritdoc/>
    public sealed override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        var obs = new float[ObservationSize];
        var info = ResetInto(seed, obs);
        return (obs, info);
    }

    /// <inheritdoc/>
    public sealed override Step<float[]> Step(TAct action)
    {
        var obs = new float[ObservationSize];
        var o = StepInto(action, obs);
        return new Step<float[]>(obs, o.Reward, o.Terminated, o.Truncated, o.Info);
    }

    /// <summary>Starts an episode and writes its first observation into <paramref name="observation"/>.</summary>
    internal abstract override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation);

    /// <summary>Applies an action and writes the next observation into <paramref name="observation"/>.</summary>
    internal abstract override StepOutcome StepInto(TAct action, Span<float> observation);
}
