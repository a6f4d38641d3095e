using TensorPrimitives = System.Numerics.Tensors.TensorPrimitives;

namespace CourseKit.Backend;

/// <summary>
/// The few tensor operations the library needs that the two backends spell differently, on TorchSharp: values go
/// in and out through TorchSharp's <c>TensorAccessor</c> (<c>data&lt;T&gt;()</c>), so nothing here touches native
/// memory directly. TensorData.CourseKit.cs is the same surface on CourseKit's engine; the build compiles exactly one.
/// </summary>
internal static class TensorData
{
    /// <summary>Writes every element of a new tensor, in row-major order.</summary>
    internal delegate void Fill<T>(Span<T> destination);

    /// <summary>A new tensor of <paramref name="shape"/> whose elements <paramref name="fill"/> writes (all of them).</summary>
    internal static Tensor Create<T>(long[] shape, Fill<T> fill) where T : unmanaged
    {
        long n = 1;
        foreach (var d in shape) n = checked(n * d);
        var staging = new T[n];
        fill(staging);
        // torch.tensor takes a fresh array as it is (about 8 µs less per replay batch of five tensors than a copy
        // through a TensorAccessor); the array is this call's own, so nothing else can change it afterwards.
        return staging switch
        {
            float[] a => torch.tensor(a, shape),
            long[] a => torch.tensor(a, shape),
            int[] a => torch.tensor(a, shape),
            double[] a => torch.tensor(a, shape),
            bool[] a => torch.tensor(a, shape),
            byte[] a => torch.tensor(a, shape),
            _ => CopiedIn(staging, shape),
        };
    }

    static Tensor CopiedIn<T>(T[] staging, long[] shape) where T : unmanaged
    {
        var t = torch.empty(shape, DType<T>());
        using (var accessor = t.data<T>()) accessor.CopyFrom(staging);
        return t;
    }

    /// <summary>A tensor of <paramref name="shape"/> holding <paramref name="values"/> (row-major; LibTorch copies them).</summary>
    internal static Tensor FromArray<T>(T[] values, long[] shape) where T : unmanaged => Create<T>(shape, dst => values.CopyTo(dst));

    /// <summary>The elements of a tensor of element type <typeparamref name="T"/> (a copy: LibTorch owns the storage).</summary>
    internal static ReadOnlySpan<T> Values<T>(Tensor t) where T : unmanaged => ToArray<T>(t);

    /// <summary>A copy of the elements, converted to <typeparamref name="T"/> as CourseKit's <c>ToArray&lt;T&gt;()</c> converts.</summary>
    internal static T[] ToArray<T>(Tensor t) where T : unmanaged
    {
        var want = DType<T>();
        using var cpu = t.cpu();
        using var typed = cpu.dtype == want ? cpu.alias() : cpu.to_type(want);
        using var accessor = typed.data<T>();
        return accessor.ToArray();
    }

    /// <summary>Output [height, width] of <paramref name="conv"/> for an input of [<paramref name="h"/>, <paramref name="w"/>].</summary>
    internal static (long h, long w) ConvOutput(Conv2d conv, long h, long w)
    {
        // A conv built with padding "same"/"valid" has no numeric padding; the course's nets always give numbers.
        var padding = conv.padding ?? throw new ArgumentException("ConvSize: this Conv2d was built with a padding mode, not numbers; give padding as a number.");
        long Side(int i, long n) => (n + 2 * padding[i] - conv.dilation[i] * (conv.kernel_size[i] - 1) - 1) / conv.stride[i] + 1;
        return (Side(0, h), Side(1, w));
    }

    /// <summary>
    /// Float frames gathered from stored bytes: frame j of the result is <c>frames[slots[j]] * scale</c>, zeros where
    /// <c>slots[j]</c> is negative (the frame-stack replay buffer's sample).
    /// </summary>
    internal static Tensor GatherFrames(byte[] frames, int frameSize, int[] slots, int count, long[] shape, float scale)
    {
        long numel = 1;
        foreach (var d in shape) numel *= d;
        if ((long)count * frameSize != numel)
            throw new ArgumentException($"GatherFrames: {count} frames of {frameSize} values do not fill shape [{string.Join(", ", shape)}].");
        long stored = frames.LongLength / frameSize;
        return Create<float>(shape, dst =>
        {
            for (int j = 0; j < count; j++)
            {
                var to = dst.Slice(j * frameSize, frameSize);
                if (slots[j] < 0) { to.Clear(); continue; }
                if (slots[j] >= stored) throw new ArgumentOutOfRangeException(nameof(slots), $"GatherFrames: slot {slots[j]} is past the {stored} stored frames.");
                TensorPrimitives.ConvertChecked<byte, float>(frames.AsSpan(slots[j] * frameSize, frameSize), to);
                TensorPrimitives.Multiply(to, scale, to);
            }
        });
    }

    /// <summary>A new 1-D tensor of <c>values[picks[b]]</c> for b in [0, count).</summary>
    internal static Tensor GatherValues<T>(T[] values, int[] picks, int count) where T : unmanaged =>
        Create<T>([count], dst => { for (int b = 0; b < count; b++) dst[b] = values[picks[b]]; });

    private static ScalarType DType<T>() =>
        typeof(T) == typeof(float) ? ScalarType.Float32 : typeof(T) == typeof(long) ? ScalarType.Int64
        : typeof(T) == typeof(double) ? ScalarType.Float64 : typeof(T) == typeof(int) ? ScalarType.Int32
        : typeof(T) == typeof(bool) ? ScalarType.Bool
        : throw new ArgumentException($"TensorData: element type {typeof(T).Name} has no tensor dtype here.");
}
