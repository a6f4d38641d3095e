using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The conv2d algorithms, generic over float/double, on pinned pointers with a validated <see cref="ConvShape"/>:
/// one GEMM per call over the whole batch.
/// </summary>
/// <remarks>
/// With cols[K × N·S] the lowering of every image side by side (see <see cref="ConvBatchLayout{T}"/>) and
/// rows[O × N·S] the output channel-major:
/// forward is rows = W[O×K] · cols, then rows + bias (and relu, when fused) go back to [N, O, S];
/// the input gradient is gradCols[K × N·S] = Wᵀ · gradRows followed by col2im per image;
/// the weight gradient is gradW[O×K] = gradRows · colsᵀ, one product whose inner dimension runs over every
/// image and position, so no per-thread partial sums exist; the bias gradient is each gradRows row's sum.
/// Threads: the GEMM splits its output into fixed bands of whole tiles, and each output element is summed
/// in the same order whichever thread computes it, so results are identical run to run (and for any
/// thread count). A batch of one skips the output copies: its rows are already [1, O, S].
/// </remarks>
internal static unsafe class Conv2dCore<T> where T : unmanaged, INumber<T>
{
    public static void Forward(T* input, T* weight, T* bias, T* output, in ConvShape s, bool relu = false)
    {
        if (s.N == 0) return;
        int n = s.N * s.S;
        T* cols = Columns(input, s);
        T* rows = s.N == 1 ? output : Scratch<T>.Get(Slot.ConvRows, (long)s.O * n);
        Gemm.Run(false, false, s.O, n, s.K, T.One, weight, s.K, cols, n, T.Zero, rows, n, Gemm.MaxThreads);
        if (s.N > 1) ConvBatchLayout<T>.ToImages(rows, bias, output, s, relu);
        else
            for (int o = 0; o < s.O; o++)
                ConvBatchLayout<T>.FinishRow(new Span<T>(output + (long)o * s.S, s.S), bias == null ? null : bias + o, relu);
    }

    public static void BackwardInput(T* gradOutput, T* weight, T* gradInput, in ConvShape s)
    {
        if (s.N == 0) return;
        int n = s.N * s.S;
        T* gradRows = GradRows(gradOutput, s);
        if (s.IsPointwise && s.N == 1)
        {
            Gemm.Run(true, false, s.K, n, s.O, T.One, weight, s.K, gradRows, n, T.Zero, gradInput, n, Gemm.MaxThreads);
            return;
        }
        T* gradCols = Scratch<T>.Get(Slot.ConvColumns, (long)s.K * n);
        Gemm.Run(true, false, s.K, n, s.O, T.One, weight, s.K, gradRows, n, T.Zero, gradCols, n, Gemm.MaxThreads);
        ConvBatchLayout<T>.Raise(gradCols, gradInput, s);
    }

    public static void BackwardWeight(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        int n = s.N * s.S;
        if (n == 0)
        {
            new Span<T>(gradWeight, s.O * s.K).Clear();
            if (gradBias != null) new Span<T>(gradBias, s.O).Clear();
            return;
        }
        T* gradRows = GradRows(gradOutput, s);
        T* cols = Columns(input, s);
        Gemm.Run(false, true, s.O, s.K, n, T.One, gradRows, n, cols, n, T.Zero, gradWeight, s.K, Gemm.MaxThreads);
        if (gradBias != null)
            for (int o = 0; o < s.O; o++) gradBias[o] = TensorPrimitives.Sum(new ReadOnlySpan<T>(gradRows + (long)o * n, n));
    }

    /// <summary>gradOutput as [O × N·S]: itself for a batch of one, else a copy in scratch.</summary>
    static T* GradRows(T* gradOutput, in ConvShape s)
    {
        if (s.N == 1) return gradOutput;
        T* rows = Scratch<T>.Get(Slot.ConvRows, (long)s.O * s.N * s.S);
        ConvBatchLayout<T>.FromImages(gradOutput, rows, s);
        return rows;
    }

    /// <summary>The K × N·S column matrix: the image itself for a pointwise conv on one image, else im2col into scratch.</summary>
    static T* Columns(T* input, in ConvShape s)
    {
        if (s.IsPointwise && s.N == 1) return input;
        T* cols = Scratch<T>.Get(Slot.ConvColumns, (long)s.K * s.N * s.S);
        ConvBatchLayout<T>.Lower(input, cols, s);
        return cols;
    }
}
