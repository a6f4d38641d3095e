using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The conv2d algorithms, generic over float/double, on pinned pointers with a validated <see cref="ConvShape"/>:
/// on AVX2, for unpadded layers whose output channels fill 16-wide tiles (every convolution of the course's
/// networks), the forward product and the weight gradient run as direct kernels (<see cref="ConvDirect{T}"/>);
/// otherwise, for a batch, the forward product (and the weight gradient of a layer with many taps) as one implicit GEMM whose
/// panels are packed straight from the images (<see cref="ConvPanels{T}"/>); otherwise one GEMM per group of
/// images, the group's lowered columns side by side.
/// </summary>
/// <remarks>
/// Implicit: the lowering cols[K × N·S] is never written; the GEMM asks for each kc×nr panel as it goes, and
/// <see cref="ConvPanels{T}"/> gathers it from the input. That removes a write and a read of the whole column
/// matrix, which for the pixel net's layers (16-32 output channels) cost more than the multiplications. The
/// input gradient keeps the lowering and col2im: as an implicit product (the flipped-kernel convolution of the
/// padded output gradient) it packs several times more elements than col2im moves, measured slower.
/// Lowered:
/// With cols[K × G·S] the lowering of a group of G images side by side (see <see cref="ConvBatchLayout{T}"/>)
/// and rows[O × G·S] the group's output channel-major:
/// forward is rows = W[O×K] · cols, then rows + bias (and relu, when fused) go back to [G, O, S];
/// the input gradient is gradCols[K × G·S] = Wᵀ · gradRows followed by col2im per image;
/// the weight gradient is gradW[O×K] = Σ over groups gradRows · colsᵀ, each group's product added in turn
/// (its inner dimension runs over the group's images and positions); the bias gradient sums gradRows' rows.
/// Why groups: one image's product is small (the Nature CNN's third layer is 64×576 by 49 columns, the pixel
/// notebook's 16×64 by 81), so per-image GEMMs spend their time packing and in partial edge tiles; a whole
/// batch of columns, though, is 13 MB for the Nature CNN's first layer, and writing it and packing it back
/// from memory costs more than the arithmetic saves. A group's columns fit in <see cref="ColumnBudgetBytes"/>,
/// which the caches hold. Threads: a product large enough is split by the GEMM into fixed bands of whole
/// tiles, and every output element is summed in the same order whichever thread computes it, and groups run
/// in order, so results are identical run to run (and for any thread count). A group of one skips the output
/// copies: its rows are already [1, O, S].
/// </remarks>
internal static unsafe class Conv2dCore<T> where T : unmanaged, INumber<T>
{
    /// <summary>Bytes of lowered columns per group: about the two cores' L2 together, well inside L3.</summary>
    const long ColumnBudgetBytes = 2L << 20;

    /// <summary>A product below this many multiply-adds runs on one thread (each part should be tens of microseconds).</summary>
    const long ParallelWork = 4L << 20;

    public static void Forward(T* input, T* weight, T* bias, T* output, in ConvShape s, bool relu = false)
    {
        if (s.N == 0) return;
        if (UsesDirect(s)) ConvDirect<T>.Forward(input, weight, bias, output, s, relu);
        else if (Implicit(s)) ForwardImplicit(input, weight, bias, output, s, relu);
        else ForwardLowered(input, weight, bias, output, s, relu);
    }

    public static void BackwardInput(T* gradOutput, T* weight, T* gradInput, in ConvShape s)
    {
        if (UsesDirectInput(s))
        {
            ConvDirect<T>.BackwardInput(gradOutput, weight, gradInput, s);
            return;
        }
        int size = GroupSize(s);
        for (int b0 = 0; b0 < s.N; b0 += size)
        {
            var g = s.Batch(Math.Min(size, s.N - b0));
            BackwardInputGroup(gradOutput + b0 * s.OutputSize, weight, gradInput + b0 * s.InputSize, g);
        }
    }

    public static void BackwardWeight(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        if (UsesDirect(s)) ConvDirect<T>.BackwardWeight(gradOutput, input, gradWeight, gradBias, s);
        else if (s.N > 0 && Implicit(s) && s.K >= ImplicitWeightTaps) BackwardWeightImplicit(gradOutput, input, gradWeight, gradBias, s);
        else BackwardWeightLowered(gradOutput, input, gradWeight, gradBias, s);
    }

    /// <summary>The direct kernels where the register tile is AVX2's (see <see cref="ConvDirect{T}"/>).</summary>
    internal static bool UsesDirect(in ConvShape s) => GemmKernel<T>.Detected == GemmIsa.Vector256 && ConvDirect<T>.Supports(s);

    /// <summary>
    /// The direct input gradient, on the same terms (input channels in whole tiles), for batches: on one image its
    /// transposes and zeroing cost more than they save (the pixel net's conv2: 24-30 µs against the GEMM path's 17).
    /// </summary>
    internal static bool UsesDirectInput(in ConvShape s) => GemmKernel<T>.Detected == GemmIsa.Vector256 && s.N > 1 && ConvDirect<T>.SupportsInput(s);

    /// <summary>
    /// The implicit GEMM for batches; a single image (acting) keeps the lowering: its product is small enough for
    /// the unpacked GEMM, which then beats packing panels from the image.
    /// </summary>
    static bool Implicit(in ConvShape s) => s.N > 1 && ConvPanels<T>.Fits(s);

    /// <summary>
    /// The weight gradient packs its implicit panels along the taps (K); with few taps (the pixel net's 64 and 144)
    /// that gather costs more than lowering the images and packing the columns with 8×8 transposes, with many
    /// (the Nature CNN's 256-576) less. Measured one thread, AVX2 (convlayers suite); the crossover lies between.
    /// </summary>
    const int ImplicitWeightTaps = 256;

    /// <summary>Forward as one implicit GEMM over the whole batch: rows[O × N·S] = W · cols, cols read from the images.</summary>
    internal static void ForwardImplicit(T* input, T* weight, T* bias, T* output, in ConvShape s, bool relu)
    {
        int n = s.N * s.S;
        T* rows = s.N == 1 ? output : Scratch<T>.Get(Slot.ConvRows, (long)s.O * n);
        GemmBlocked<T>.Run(false, s.O, n, s.K, T.One, weight, s.K, ConvPanels<T>.Columns(input, s), T.Zero, rows, n, Threads(s));
        FinishOutput(rows, bias, output, s, relu);
    }

    /// <summary>Weight gradient as one implicit GEMM: gradW[O × K] = gradRows · colsᵀ, summed over the batch's positions in order.</summary>
    internal static void BackwardWeightImplicit(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        int n = s.N * s.S;
        T* gradRows = GradRows(gradOutput, s);
        GemmBlocked<T>.Run(false, s.O, s.K, n, T.One, gradRows, n, ConvPanels<T>.TransposedColumns(input, s), T.Zero, gradWeight, s.K, Threads(s));
        if (gradBias != null)
            for (int o = 0; o < s.O; o++) gradBias[o] = TensorPrimitives.Sum(new ReadOnlySpan<T>(gradRows + (long)o * n, n));
    }

    /// <summary>rows[O × N·S] (+ bias, relu) into output[N, O, S]; a batch of one was written in place.</summary>
    static void FinishOutput(T* rows, T* bias, T* output, in ConvShape g, bool relu)
    {
        if (g.N > 1) ConvBatchLayout<T>.ToImages(rows, bias, output, g, relu);
        else
            for (int o = 0; o < g.O; o++)
                ConvBatchLayout<T>.FinishRow(new Span<T>(output + (long)o * g.S, g.S), bias == null ? null : bias + o, relu);
    }

    internal static void ForwardLowered(T* input, T* weight, T* bias, T* output, in ConvShape s, bool relu)
    {
        int size = GroupSize(s);
        for (int b0 = 0; b0 < s.N; b0 += size)
        {
            var g = s.Batch(Math.Min(size, s.N - b0));
            ForwardGroup(input + b0 * s.InputSize, weight, bias, output + b0 * s.OutputSize, g, relu);
        }
    }

    internal static void BackwardWeightLowered(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        new Span<T>(gradWeight, s.O * s.K).Clear();
        if (gradBias != null) new Span<T>(gradBias, s.O).Clear();
        int size = GroupSize(s);
        for (int b0 = 0; b0 < s.N; b0 += size)
        {
            var g = s.Batch(Math.Min(size, s.N - b0));
            int n = g.N * g.S;
            T* gradRows = GradRows(gradOutput + b0 * s.OutputSize, g);
            T* cols = Columns(input + b0 * s.InputSize, g);
            Gemm.Run(false, true, g.O, g.K, n, T.One, gradRows, n, cols, n, T.One, gradWeight, g.K, Threads(g));
            if (gradBias != null)
                for (int o = 0; o < s.O; o++) gradBias[o] += TensorPrimitives.Sum(new ReadOnlySpan<T>(gradRows + (long)o * n, n));
        }
    }

    static void ForwardGroup(T* input, T* weight, T* bias, T* output, in ConvShape g, bool relu)
    {
        int n = g.N * g.S;
        T* cols = Columns(input, g);
        T* rows = g.N == 1 ? output : Scratch<T>.Get(Slot.ConvRows, (long)g.O * n);
        Gemm.Run(false, false, g.O, n, g.K, T.One, weight, g.K, cols, n, T.Zero, rows, n, Threads(g));
        FinishOutput(rows, bias, output, g, relu);
    }

    static void BackwardInputGroup(T* gradOutput, T* weight, T* gradInput, in ConvShape g)
    {
        int n = g.N * g.S;
        T* gradRows = GradRows(gradOutput, g);
        if (g.IsPointwise && g.N == 1)
        {
            Gemm.Run(true, false, g.K, n, g.O, T.One, weight, g.K, gradRows, n, T.Zero, gradInput, n, Threads(g));
            return;
        }
        T* gradCols = Scratch<T>.Get(Slot.ConvColumns, (long)g.K * n);
        Gemm.Run(true, false, g.K, n, g.O, T.One, weight, g.K, gradRows, n, T.Zero, gradCols, n, Threads(g));
        ConvBatchLayout<T>.Raise(gradCols, gradInput, g);
    }

    /// <summary>Images per group: as many as keep the group's columns within the budget, at least one.</summary>
    static int GroupSize(in ConvShape s) =>
        (int)Math.Clamp(ColumnBudgetBytes / Math.Max(1L, (long)s.K * s.S * sizeof(T)), 1, Math.Max(1, s.N));

    /// <summary>The GEMM's thread cap for a group's product.</summary>
    static int Threads(in ConvShape g) => (long)g.N * g.O * g.K * g.S >= ParallelWork ? Gemm.MaxThreads : 1;

    /// <summary>A group's gradOutput as [O × G·S]: itself for a group of one, else a copy in scratch.</summary>
    static T* GradRows(T* gradOutput, in ConvShape g)
    {
        if (g.N == 1) return gradOutput;
        T* rows = Scratch<T>.Get(Slot.ConvRows, (long)g.O * g.N * g.S);
        ConvBatchLayout<T>.FromImages(gradOutput, rows, g);
        return rows;
    }

    /// <summary>A group's K × G·S column matrix: the image itself for a pointwise conv on one image, else im2col into scratch.</summary>
    static T* Columns(T* input, in ConvShape g)
    {
        if (g.IsPointwise && g.N == 1) return input;
        T* cols = Scratch<T>.Get(Slot.ConvColumns, (long)g.K * g.N * g.S);
        ConvBatchLayout<T>.Lower(input, cols, g);
        return cols;
    }
}
