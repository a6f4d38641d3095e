namespace CourseKit.Torch.Kernels;

/// <summary>
/// conv2d forward (optionally with a fused relu) and backward on NCHW arrays (zero padding), float and double, through im2col + GEMM.
/// </summary>
/// <remarks>
/// Shapes: input [n, c, h, w], weight [o, c, kh, kw], bias [o], output [n, o, oh, ow] with
/// oh = (h + 2·padH − kh)/strideH + 1 (same for ow). Outputs are overwritten, never accumulated into.
/// The work lives in <see cref="Conv2dCore{T}"/>; these overloads only pin and check.
/// </remarks>
internal static unsafe class Conv2dKernels
{
    public static void Forward(float[] input, float[] weight, float[]? bias, float[] output,
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW, bool relu = false)
    {
        var s = new ConvShape(n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        CheckForward(s, input.Length, weight.Length, bias?.Length, output.Length);
        fixed (float* pi = input, pw = weight, pb = bias, po = output)
            Conv2dCore<float>.Forward(pi, pw, bias is null ? null : pb, po, s, relu);
    }

    public static void Forward(double[] input, double[] weight, double[]? bias, double[] output,
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW, bool relu = false)
    {
        var s = new ConvShape(n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        CheckForward(s, input.Length, weight.Length, bias?.Length, output.Length);
        fixed (double* pi = input, pw = weight, pb = bias, po = output)
            Conv2dCore<double>.Forward(pi, pw, bias is null ? null : pb, po, s, relu);
    }

    /// <summary>gradInput (overwritten) = dL/dinput from gradOutput and weight.</summary>
    public static void BackwardInput(float[] gradOutput, float[] weight, float[] gradInput,
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
    {
        var s = new ConvShape(n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        CheckForward(s, gradInput.Length, weight.Length, null, gradOutput.Length);
        fixed (float* pg = gradOutput, pw = weight, pi = gradInput)
            Conv2dCore<float>.BackwardInput(pg, pw, pi, s);
    }

    /// <summary>gradInput (overwritten) = dL/dinput from gradOutput and weight.</summary>
    public static void BackwardInput(double[] gradOutput, double[] weight, double[] gradInput,
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
    {
        var s = new ConvShape(n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        CheckForward(s, gradInput.Length, weight.Length, null, gradOutput.Length);
        fixed (double* pg = gradOutput, pw = weight, pi = gradInput)
            Conv2dCore<double>.BackwardInput(pg, pw, pi, s);
    }

    /// <summary>gradWeight (overwritten) and gradBias (overwritten when non-null) from gradOutput and input.</summary>
    public static void BackwardWeight(float[] gradOutput, float[] input, float[] gradWeight, float[]? gradBias,
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
    {
        var s = new ConvShape(n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        CheckForward(s, input.Length, gradWeight.Length, gradBias?.Length, gradOutput.Length);
        fixed (float* pg = gradOutput, pi = input, pw = gradWeight, pb = gradBias)
            Conv2dCore<float>.BackwardWeight(pg, pi, pw, gradBias is null ? null : pb, s);
    }

    /// <summary>gradWeight (overwritten) and gradBias (overwritten when non-null) from gradOutput and input.</summary>
    public static void BackwardWeight(double[] gradOutput, double[] input, double[] gradWeight, double[]? gradBias,
        int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
    {
        var s = new ConvShape(n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        CheckForward(s, input.Length, gradWeight.Length, gradBias?.Length, gradOutput.Length);
        fixed (double* pg = gradOutput, pi = input, pw = gradWeight, pb = gradBias)
            Conv2dCore<double>.BackwardWeight(pg, pi, pw, gradBias is null ? null : pb, s);
    }

    /// <summary>dst[i] = output[i] &gt; 0 ? grad[i] : 0 for the first <paramref name="count"/> elements (a fused relu's backward).</summary>
    public static void ReluMask<T>(T[] output, T[] grad, T[] dst, int count) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (output.Length < count || grad.Length < count || dst.Length < count)
            throw new ArgumentException($"conv2d+relu: the output, gradient and result need {count} elements each.");
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            var y = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(output.AsSpan(0, count));
            var g = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(grad.AsSpan(0, count));
            var d = System.Runtime.InteropServices.MemoryMarshal.Cast<T, System.Numerics.Vector<T>>(dst.AsSpan(0, count));
            for (int v = 0; v < y.Length; v++)
                d[v] = System.Numerics.Vector.ConditionalSelect(System.Numerics.Vector.GreaterThan(y[v], System.Numerics.Vector<T>.Zero), g[v], System.Numerics.Vector<T>.Zero);
            i = y.Length * System.Numerics.Vector<T>.Count;
        }
        for (; i < count; i++) dst[i] = output[i] > T.Zero ? grad[i] : T.Zero;
    }

    static void CheckForward(in ConvShape s, int inputLength, int weightLength, int? biasLength, int outputLength)
    {
        s.CheckLength("input", inputLength, s.N * s.InputSize);
        s.CheckLength("weight", weightLength, (long)s.O * s.K);
        if (biasLength is int b) s.CheckLength("bias", b, s.O);
        s.CheckLength("output", outputLength, s.N * s.OutputSize);
    }
}
