using System.Numerics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The conv2d algorithms, generic over float/double, on pinned pointers with a validated <see cref="ConvShape"/>.
/// </summary>
/// <remarks>
/// Per image: forward is out[o×S] = W[o×K] · cols[K×S] (+ bias); the input gradient is
/// gradCols[K×S] = Wᵀ · gradOut[o×S] followed by col2im; the weight gradient is
/// gradW[o×K] += gradOut[o×S] · colsᵀ summed over images. The per-image GEMMs are already large for the
/// Nature CNN (K = 256..576), so images are the unit of work, and large batches are split across threads.
/// </remarks>
internal static unsafe class Conv2dCore<T> where T : unmanaged, INumber<T>
{
    public static void Forward(T* input, T* weight, T* bias, T* output, in ConvShape s)
    {
        int parts = Parts(s);
        if (parts <= 1) ForwardRange(input, weight, bias, output, 0, s.N, s);
        else Job.Get().Run(Op.Forward, input, weight, bias, output, s, parts);
    }

    public static void BackwardInput(T* gradOutput, T* weight, T* gradInput, in ConvShape s)
    {
        int parts = Parts(s);
        if (parts <= 1) BackwardInputRange(gradOutput, weight, gradInput, 0, s.N, s);
        else Job.Get().Run(Op.BackwardInput, gradOutput, weight, null, gradInput, s, parts);
    }

    public static void BackwardWeight(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        int parts = Parts(s);
        if (parts <= 1)
            BackwardWeightRange(gradOutput, input, gradWeight, 0, s.N, s);
        else
        {
            // Each part sums its images into its own buffer (part 0 straight into gradWeight); then add up.
            var job = Job.Get();
            T* partials = job.Partials((long)(parts - 1) * s.O * s.K);
            job.Run(Op.BackwardWeight, gradOutput, input, partials, gradWeight, s, parts);
            var total = new Span<T>(gradWeight, s.O * s.K);
            for (int part = 1; part < parts; part++)
                System.Numerics.Tensors.TensorPrimitives.Add(total, new ReadOnlySpan<T>(partials + (long)(part - 1) * s.O * s.K, s.O * s.K), total);
        }
        if (gradBias != null) BiasGradient(gradOutput, gradBias, 0, s.N, s);
    }

    /// <summary>
    /// Threads pay off once a call has a few million multiply-adds; images are split in equal contiguous
    /// chunks, one per thread, each running single-threaded GEMMs (per-image GEMMs are too small to split).
    /// </summary>
    static int Parts(in ConvShape s)
    {
        long work = (long)s.N * s.O * s.K * s.S;
        return (int)Math.Min(Math.Min(Gemm.MaxThreads, s.N), work / (2 * GemmBlocked<T>.ParallelThreshold));
    }

    static void ForwardRange(T* input, T* weight, T* bias, T* output, int b0, int b1, in ConvShape s)
    {
        for (int b = b0; b < b1; b++)
            ForwardImage(input + b * s.InputSize, weight, bias, output + b * s.OutputSize, s);
    }

    static void BackwardInputRange(T* gradOutput, T* weight, T* gradInput, int b0, int b1, in ConvShape s)
    {
        for (int b = b0; b < b1; b++)
            BackwardInputImage(gradOutput + b * s.OutputSize, weight, gradInput + b * s.InputSize, s);
    }

    /// <summary>gradWeight = Σ over images [b0, b1) (overwritten; zero for an empty range).</summary>
    static void BackwardWeightRange(T* gradOutput, T* input, T* gradWeight, int b0, int b1, in ConvShape s)
    {
        if (b0 == b1) new Span<T>(gradWeight, s.O * s.K).Clear();
        for (int b = b0; b < b1; b++)
            AccumulateWeightImage(gradOutput + b * s.OutputSize, input + b * s.InputSize, gradWeight, accumulate: b > b0, s);
    }

    enum Op { Forward, BackwardInput, BackwardWeight }

    /// <summary>One chunk of images per part; reused per calling thread so a call allocates nothing.</summary>
    sealed class Job : ParallelJob
    {
        [ThreadStatic] static Job? t_job;
        public static Job Get() => t_job ??= new Job();

        Op _op;
        T* _x, _y, _z, _out;
        ConvShape _shape;
        int _parts;
        T[]? _partials;

        /// <summary>Pinned space for the weight-gradient partial sums of parts 1..n-1 (grows, never shrinks).</summary>
        public T* Partials(long length)
        {
            if (_partials is null || _partials.Length < length)
                _partials = GC.AllocateUninitializedArray<T>(checked((int)length), pinned: true);
            return (T*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref _partials[0]);
        }

        public void Run(Op op, T* x, T* y, T* z, T* output, in ConvShape s, int parts)
        {
            (_op, _shape, _parts) = (op, s, parts);
            _x = x;
            _y = y;
            _z = z;
            _out = output;
            Execute(parts, parts);
        }

        protected override void RunPart(int part)
        {
            ref readonly ConvShape s = ref _shape;
            int b0 = (int)((long)s.N * part / _parts), b1 = (int)((long)s.N * (part + 1) / _parts);
            switch (_op)
            {
                case Op.Forward: ForwardRange(_x, _y, _z, _out, b0, b1, s); break;
                case Op.BackwardInput: BackwardInputRange(_x, _y, _out, b0, b1, s); break;
                default:
                    T* target = part == 0 ? _out : _z + (long)(part - 1) * s.O * s.K;
                    BackwardWeightRange(_x, _y, target, b0, b1, s);
                    break;
            }
        }
    }

    static void ForwardImage(T* image, T* weight, T* bias, T* output, in ConvShape s)
    {
        T* cols = Columns(image, s);
        Gemm.Run(false, false, s.O, s.S, s.K, T.One, weight, s.K, cols, s.S, T.Zero, output, s.S, threads: 1);
        if (bias != null)
            for (int oc = 0; oc < s.O; oc++)
            {
                var row = new Span<T>(output + (long)oc * s.S, s.S);
                System.Numerics.Tensors.TensorPrimitives.Add(row, bias[oc], row);
            }
    }

    static void BackwardInputImage(T* gradOut, T* weight, T* gradImage, in ConvShape s)
    {
        if (s.IsPointwise)
        {
            Gemm.Run(true, false, s.K, s.S, s.O, T.One, weight, s.K, gradOut, s.S, T.Zero, gradImage, s.S, threads: 1);
            return;
        }
        T* gradCols = Scratch<T>.Get(Slot.ConvColumns, (long)s.K * s.S);
        Gemm.Run(true, false, s.K, s.S, s.O, T.One, weight, s.K, gradOut, s.S, T.Zero, gradCols, s.S, threads: 1);
        new Span<T>(gradImage, checked((int)s.InputSize)).Clear();
        Im2Col.Raise(gradCols, gradImage, s);
    }

    static void AccumulateWeightImage(T* gradOut, T* image, T* gradWeight, bool accumulate, in ConvShape s)
    {
        T* cols = Columns(image, s);
        Gemm.Run(false, true, s.O, s.K, s.S, T.One, gradOut, s.S, cols, s.S, accumulate ? T.One : T.Zero, gradWeight, s.K, threads: 1);
    }

    /// <summary>gradBias[o] = Σ over images [b0, b1) and positions of gradOut[b, o, :].</summary>
    static void BiasGradient(T* gradOutput, T* gradBias, int b0, int b1, in ConvShape s)
    {
        for (int oc = 0; oc < s.O; oc++)
        {
            T sum = T.Zero;
            for (int b = b0; b < b1; b++)
                sum += System.Numerics.Tensors.TensorPrimitives.Sum(new ReadOnlySpan<T>(gradOutput + b * s.OutputSize + (long)oc * s.S, s.S));
            gradBias[oc] = sum;
        }
    }

    /// <summary>The K×S column matrix of one image: the image itself for a pointwise conv, else im2col into scratch.</summary>
    static T* Columns(T* image, in ConvShape s)
    {
        if (s.IsPointwise) return image;
        T* cols = Scratch<T>.Get(Slot.ConvColumns, (long)s.K * s.S);
        Im2Col.Lower(image, cols, s);
        return cols;
    }
}
