using System.Numerics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The conv2d algorithms, generic over float/double, on pinned pointers with a validated <see cref="ConvShape"/>.
/// </summary>
/// <remarks>
/// Per image: forward is out[o×S] = W[o×K] · cols[K×S] (+ bias); the input gradient is
/// gradCols[K×S] = Wᵀ · gradOut[o×S] followed by col2im; the weight gradient is
/// gradW[o×K] += gradOut[o×S] · colsᵀ summed over images. The per-image GEMMs are already large for the
/// Nature CNN (K = 256..576), so images are the unit of work.
/// </remarks>
internal static unsafe class Conv2dCore<T> where T : unmanaged, INumber<T>
{
    public static void Forward(T* input, T* weight, T* bias, T* output, in ConvShape s)
    {
        for (int b = 0; b < s.N; b++)
            ForwardImage(input + b * s.InputSize, weight, bias, output + b * s.OutputSize, s);
    }

    public static void BackwardInput(T* gradOutput, T* weight, T* gradInput, in ConvShape s)
    {
        for (int b = 0; b < s.N; b++)
            BackwardInputImage(gradOutput + b * s.OutputSize, weight, gradInput + b * s.InputSize, s);
    }

    public static void BackwardWeight(T* gradOutput, T* input, T* gradWeight, T* gradBias, in ConvShape s)
    {
        long weightSize = (long)s.O * s.K;
        if (s.N == 0) new Span<T>(gradWeight, checked((int)weightSize)).Clear();
        for (int b = 0; b < s.N; b++)
            AccumulateWeightImage(gradOutput + b * s.OutputSize, input + b * s.InputSize, gradWeight, accumulate: b > 0, s);
        if (gradBias != null) BiasGradient(gradOutput, gradBias, 0, s.N, s);
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
