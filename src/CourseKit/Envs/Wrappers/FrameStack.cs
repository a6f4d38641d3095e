namespace CourseKit.Envs;

/// <summary>
/// Observations become the last <see cref="StackSize"/> observations, oldest first, flattened into one
/// <c>float[]</c> of shape <c>[StackSize, ...inner shape]</c> (Gymnasium's <c>FrameStackObservation</c>). At the start
/// of an episode the stack is padded with copies of the first observation (or zeros), never with frames
/// of the previous episode.
/// </summary>
public sealed class FrameStack<TAct> : Wrapper<float[], TAct>
{
    readonly Box _space;
    readonly float[] _stack;
    readonly float[] _latest;
    readonly int _frameSize;
    readonly bool _padWithZeros;

    /// <summary>Stacks <paramref name="stackSize"/> observations of <paramref name="env"/>, whose observation space must be a Box.</summary>
    /// <param name="env">The env to wrap.</param>
    /// <param name="stackSize">How many observations each stacked observation holds.</param>
    /// <param name="padWithZeros">Pad the start of an episode with zeros instead of the first observation.</param>
    public FrameStack(Env<float[], TAct> env, int stackSize, bool padWithZeros = false) : base(env)
    {
        if (stackSize <= 0) throw new ArgumentOutOfRangeException(nameof(stackSize), stackSize, "the stack needs at least one frame");
        var inner = env.ObservationSpace as Box
                    ?? throw new ArgumentException($"FrameStack needs a Box observation space, {env.Id} has {env.ObservationSpace}", nameof(env));
        StackSize = stackSize;
        _padWithZeros = padWithZeros;
        _frameSize = inner.Size;
        var low = new float[stackSize * _frameSize];
        var high = new float[low.Length];
        for (int k = 0; k < stackSize; k++)
        {
            inner.Low.CopyTo(low, k * _frameSize);
            inner.High.CopyTo(high, k * _frameSize);
        }
        _space = new Box(low, high, [stackSize, .. inner.Shape]);
        _stack = new float[low.Length];
        _latest = new float[_frameSize];
    }

    /// <summary>How many observations are stacked.</summary>
    public int StackSize { get; }

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace => _space;

    /// <inheritdoc/>
    public override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        var stacked = new float[_stack.Length];
        var info = ResetInto(seed, stacked);
        return (stacked, info);
    }

    /// <inheritdoc/>
    public override Step<float[]> Step(TAct action)
    {
        var stacked = new float[_stack.Length];
        var o = StepInto(action, stacked);
        return new Step<float[]>(stacked, o.Reward, o.Terminated, o.Truncated, o.Info);
    }

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        var info = Inner.ResetInto(seed, _latest);
        for (int k = 0; k < StackSize - 1; k++)
        {
            var slot = _stack.AsSpan(k * _frameSize, _frameSize);
            if (_padWithZeros) slot.Clear();
            else _latest.CopyTo(slot);
        }
        _latest.CopyTo(_stack.AsSpan((StackSize - 1) * _frameSize));
        _stack.CopyTo(observation);
        return info;
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var o = Inner.StepInto(action, _latest);
        Array.Copy(_stack, _frameSize, _stack, 0, _stack.Length - _frameSize); // drop the oldest frame
        _latest.CopyTo(_stack.AsSpan(_stack.Length - _frameSize));
        _stack.CopyTo(observation);
        return o;
    }
}
