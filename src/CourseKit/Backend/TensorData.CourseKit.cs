namespace CourseKit.Backend;

/// <summary>
/// The few tensor operations the library needs that the two backends spell differently: filling a new tensor
/// from managed memory, reading one back, and conv output sizes. This file is CourseKit's engine (the default
/// backend); TensorData.TorchSharp.cs is the same surface on TorchSharp. The build compiles exactly one.
/// </summary>
internal static class TensorData
{
    /// <summary>Writes every element of a new tensor, in row-major order.</summary>
    internal delegate void Fill<T>(Span<T> destination);

    /// <summary>A new tensor of <paramref name="shape"/> whose elements <paramref name="fill"/> writes (all of them).</summary>
    /// <remarks>The engine hands out its own storage (recycled inside a dispose scope), so nothing is copied twice.</remarks>
    internal static Tensor Create<T>(long[] shape, Fill<T> fill) where T : unmanaged
    {
        var t = Tensor.Empty(DType<T>(), shape);
        fill(t.Span<T>());
        return t;
    }

    /// <summary>A tensor of <paramref name="shape"/> over <paramref name="values"/> (row-major), which the caller hands over.</summary>
    internal static Tensor FromArray<T>(T[] values, long[] shape) where T : unmanaged => new(values, 0, shape, DType<T>());

    /// <summary>The elements of a contiguous tensor of element type <typeparamref name="T"/>, without copying where the backend can.</summary>
    internal static ReadOnlySpan<T> Values<T>(Tensor t) where T : unmanaged => t.data<T>().AsReadOnlySpan();

    /// <summary>A copy of the elements, converted to <typeparamref name="T"/> (float, double, long, int or bool).</summary>
    internal static T[] ToArray<T>(Tensor t) where T : unmanaged => t.ToArray<T>();

    /// <summary>Output [height, width] of <paramref name="conv"/> for an input of [<paramref name="h"/>, <paramref name="w"/>].</summary>
    internal static (long h, long w) ConvOutput(Conv2d conv, long h, long w) => conv.OutputSize(h, w);

    /// <summary>
    /// Float frames gathered from stored bytes: frame j of the result is <c>frames[slots[j]] * scale</c>, zeros where
    /// <c>slots[j]</c> is negative (the frame-stack replay buffer's sample).
    /// </summary>
    internal static Tensor GatherFrames(byte[] frames, int frameSize, int[] slots, int count, long[] shape, float scale) =>
        torch.GatherFrames(frames, frameSize, slots, count, shape, scale);

    /// <summary>A new 1-D tensor of <c>values[picks[b]]</c> for b in [0, count).</summary>
    internal static Tensor GatherValues<T>(T[] values, int[] picks, int count) where T : unmanaged =>
        torch.GatherValues(values, picks, count);

    private static ScalarType DType<T>() =>
        typeof(T) == typeof(float) ? ScalarType.Float32 : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(double) ? ScalarType.Float64 : typeof(T) == typeof(bool) ? ScalarType.Bool
        : throw new ArgumentException($"TensorData: element type {typeof(T).Name} is not float, double, long or bool.");
}
