using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The copies between a group of N NCHW images and the matrices conv2d multiplies for it: the lowered
/// columns [K × N·S] (image b at columns b·S..), and the channel-major output [O × N·S].
/// </summary>
/// <remarks>
/// Why side by side: with every image of a group next to the others the GEMM sees N·S columns instead of S
/// (see <see cref="Conv2dCore{T}"/>), runs full tiles and can split its columns over the cores. The price is
/// these copies, each a single pass over data the GEMM reads anyway. Large copies split the images into fixed
/// contiguous chunks, one per thread, and every image writes only its own region, so the result does not
/// depend on which thread ran which chunk.
/// </remarks>
internal static unsafe class ConvBatchLayout<T> where T : unmanaged, INumber<T>
{
    /// <summary>Below this many elements moved, waking a second thread costs more than the copy.</summary>
    const long ParallelElements = 1L << 18;

    /// <summary>cols[K × N·S] = the lowering of every image.</summary>
    public static void Lower(T* input, T* cols, in ConvShape s) => Run(Op.Lower, input, cols, null, s, (long)s.K * s.S);

    /// <summary>input gradient[N, C, H, W] = col2im of gradCols[K × N·S] (overwritten).</summary>
    public static void Raise(T* gradCols, T* gradInput, in ConvShape s) => Run(Op.Raise, gradCols, gradInput, null, s, (long)s.K * s.S);

    /// <summary>output[N, O, S] = rows[O × N·S] + bias[o] (bias may be null), then max(·, 0) when <paramref name="relu"/>.</summary>
    public static void ToImages(T* rows, T* bias, T* output, in ConvShape s, bool relu) =>
        Run(relu ? Op.ToImagesRelu : Op.ToImages, rows, output, bias, s, s.OutputSize);

    /// <summary>row += bias (when non-null), then row = max(row, 0) when <paramref name="relu"/>: one output row, in place.</summary>
    public static void FinishRow(Span<T> row, T* bias, bool relu)
    {
        if (bias != null) TensorPrimitives.Add(row, *bias, row);
        if (relu) TensorPrimitives.Max(row, T.Zero, row);
    }

    /// <summary>rows[O × N·S] = images[N, O, S] (gradOutput in the layout the GEMMs take).</summary>
    public static void FromImages(T* images, T* rows, in ConvShape s) => Run(Op.FromImages, images, rows, null, s, s.OutputSize);

    enum Op { Lower, Raise, ToImages, ToImagesRelu, FromImages }

    static void Run(Op op, T* src, T* dst, T* bias, in ConvShape s, long perImage)
    {
        int parts = s.N * perImage < ParallelElements ? 1 : Math.Min(Gemm.MaxThreads, s.N);
        if (parts <= 1) Range(op, src, dst, bias, 0, s.N, s);
        else Job.Get().Run(op, src, dst, bias, s, parts);
    }

    static void Range(Op op, T* src, T* dst, T* bias, int b0, int b1, in ConvShape s)
    {
        long ld = (long)s.N * s.S;
        for (int b = b0; b < b1; b++)
        {
            long column = (long)b * s.S;
            switch (op)
            {
                case Op.Lower:
                    Im2Col.Lower(src + b * s.InputSize, dst + column, ld, s);
                    break;
                case Op.Raise:
                    T* image = dst + b * s.InputSize;
                    new Span<T>(image, checked((int)s.InputSize)).Clear();
                    Im2Col.Raise(src + column, ld, image, s);
                    break;
                case Op.ToImages:
                case Op.ToImagesRelu:
                    for (int o = 0; o < s.O; o++)
                    {
                        var to = new Span<T>(dst + b * s.OutputSize + (long)o * s.S, s.S);
                        new ReadOnlySpan<T>(src + o * ld + column, s.S).CopyTo(to);
                        FinishRow(to, bias == null ? null : bias + o, op == Op.ToImagesRelu);
                    }
                    break;
                default:
                    for (int o = 0; o < s.O; o++)
                        new ReadOnlySpan<T>(src + b * s.OutputSize + (long)o * s.S, s.S).CopyTo(new Span<T>(dst + o * ld + column, s.S));
                    break;
            }
        }
    }

    /// <summary>One contiguous chunk of images per part; reused per calling thread so a call allocates nothing.</summary>
    sealed class Job : ParallelJob
    {
        [ThreadStatic] static Job? t_job;
        public static Job Get() => t_job ??= new Job();

        Op _op;
        T* _src, _dst, _bias;
        ConvShape _shape;
        int _parts;

        public void Run(Op op, T* src, T* dst, T* bias, in ConvShape s, int parts)
        {
            (_op, _shape, _parts) = (op, s, parts);
            _src = src;
            _dst = dst;
            _bias = bias;
            Execute(parts, parts);
        }

        protected override void RunPart(int part)
        {
            int b0 = (int)((long)_shape.N * part / _parts), b1 = (int)((long)_shape.N * (part + 1) / _parts);
            Range(_op, _src, _dst, _bias, b0, b1, _shape);
        }
    }
}
