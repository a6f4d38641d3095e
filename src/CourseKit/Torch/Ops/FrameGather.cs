using CourseKit.Torch.Kernels;

namespace CourseKit.Torch;

public static partial class torch
{
    /// <summary>
    /// A new float tensor of <paramref name="shape"/> built from stored byte frames: its j-th frame (frames of
    /// <paramref name="frameSize"/> elements, in order) is frame <c>slots[j]</c> of <paramref name="frames"/>
    /// times <paramref name="scale"/>, or zeros where <c>slots[j]</c> is negative. What a frame-stack replay
    /// buffer samples; the tensor's storage is written once, in place (recycled inside a dispose scope).
    /// </summary>
    internal static Tensor GatherFrames(byte[] frames, int frameSize, int[] slots, int count, long[] shape, float scale)
    {
        if ((long)count * frameSize != Shape.Numel(shape))
            throw new ArgumentException($"GatherFrames: {count} frames of {frameSize} values do not fill shape {Shape.Format(shape)}.");
        long stored = frames.LongLength / frameSize;
        for (int j = 0; j < count; j++)
            if (slots[j] >= stored)
                throw new ArgumentOutOfRangeException(nameof(slots), $"GatherFrames: slot {slots[j]} is past the {stored} stored frames.");
        var t = Tensor.Empty(ScalarType.Float32, shape);
        ByteFrames.Gather(frames, frameSize, slots, count, t.Array<float>(), 0, scale);
        return t;
    }

    /// <summary>A new 1-D tensor of <paramref name="count"/> elements: <c>values[picks[b]]</c> (a replay batch's actions, rewards, dones).</summary>
    internal static Tensor GatherValues<T>(T[] values, int[] picks, int count) where T : unmanaged
    {
        var dtype = typeof(T) == typeof(float) ? ScalarType.Float32 : typeof(T) == typeof(long) ? ScalarType.Int64
            : throw new ArgumentException($"GatherValues: element type {typeof(T).Name} is not float or long.");
        var t = Tensor.Empty(dtype, [count]);
        var dst = t.Span<T>();
        for (int b = 0; b < count; b++) dst[b] = values[picks[b]];
        return t;
    }
}
