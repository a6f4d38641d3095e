namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// Obviously-correct reference loops the fast kernels are checked against. Everything accumulates in
/// double, so the reference is more accurate than either kernel under test.
/// </summary>
public static class NaiveKernels
{
    /// <summary>C = alpha·op(A)·op(B) + beta·C (beta == 0 ignores C), plus Σ|terms| per element for error bounds.</summary>
    internal static (double[] c, double[] magnitude) Gemm(bool transA, bool transB, int m, int n, int k, double alpha,
        double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc)
    {
        var result = new double[m * n];
        var magnitude = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double sum = 0, mag = 0;
                for (int p = 0; p < k; p++)
                {
                    double av = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                    double bv = transB ? b[bOffset + j * ldb + p] : b[bOffset + p * ldb + j];
                    sum += av * bv;
                    mag += Math.Abs(av * bv);
                }
                double old = beta == 0 ? 0 : c[cOffset + i * ldc + j];
                result[i * n + j] = alpha * sum + beta * old;
                magnitude[i * n + j] = Math.Abs(alpha) * mag + Math.Abs(beta * old);
            }
        return (result, magnitude);
    }

    public readonly record struct Shape(int N, int C, int H, int W, int O, int KH, int KW, int SH, int SW, int PH, int PW)
    {
        public int OH => (H + 2 * PH - KH) / SH + 1;
        public int OW => (W + 2 * PW - KW) / SW + 1;
        public int InputSize => N * C * H * W;
        public int WeightSize => O * C * KH * KW;
        public int OutputSize => N * O * OH * OW;
        public override string ToString() => $"n{N} c{C} {H}x{W} o{O} k{KH}x{KW} s{SH}x{SW} p{PH}x{PW}";
    }

    /// <summary>Values in [-1, 1] rounded to 3 decimals, so float and double start from the same numbers.</summary>
    public static double[] Random(Random rng, int length)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++) x[i] = Math.Round(rng.NextDouble() * 2 - 1, 3);
        return x;
    }

    /// <summary>The engine's shape for a test shape.</summary>
    internal static CourseKit.Torch.Kernels.ConvShape Conv(Shape s) => new(s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);

    /// <summary>Every float within 1e-4 relative (plus 1e-4 absolute) of the double reference.</summary>
    public static void AssertClose(double[] expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= 1e-4 * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    /// <summary>Visits every (output element, weight tap, input element) triple of a conv with zero padding.</summary>
    static void ForEachTap(Shape s, Action<int, int, int> visit)
    {
        for (int b = 0; b < s.N; b++)
            for (int o = 0; o < s.O; o++)
                for (int y = 0; y < s.OH; y++)
                    for (int x = 0; x < s.OW; x++)
                    {
                        int outIndex = ((b * s.O + o) * s.OH + y) * s.OW + x;
                        for (int c = 0; c < s.C; c++)
                            for (int ki = 0; ki < s.KH; ki++)
                                for (int kj = 0; kj < s.KW; kj++)
                                {
                                    int iy = y * s.SH - s.PH + ki, ix = x * s.SW - s.PW + kj;
                                    if (iy < 0 || iy >= s.H || ix < 0 || ix >= s.W) continue;
                                    visit(outIndex, ((o * s.C + c) * s.KH + ki) * s.KW + kj, ((b * s.C + c) * s.H + iy) * s.W + ix);
                                }
                    }
    }

    public static double[] ConvForward(Shape s, double[] input, double[] weight, double[]? bias)
    {
        var output = new double[s.OutputSize];
        ForEachTap(s, (oi, wi, ii) => output[oi] += weight[wi] * input[ii]);
        if (bias != null)
            for (int i = 0; i < output.Length; i++) output[i] += bias[i / (s.OH * s.OW) % s.O];
        return output;
    }

    public static double[] ConvBackwardInput(Shape s, double[] gradOutput, double[] weight)
    {
        var gradInput = new double[s.InputSize];
        ForEachTap(s, (oi, wi, ii) => gradInput[ii] += gradOutput[oi] * weight[wi]);
        return gradInput;
    }

    public static (double[] gradWeight, double[] gradBias) ConvBackwardWeight(Shape s, double[] gradOutput, double[] input)
    {
        var gradWeight = new double[s.WeightSize];
        ForEachTap(s, (oi, wi, ii) => gradWeight[wi] += gradOutput[oi] * input[ii]);
        var gradBias = new double[s.O];
        for (int i = 0; i < gradOutput.Length; i++) gradBias[i / (s.OH * s.OW) % s.O] += gradOutput[i];
        return (gradWeight, gradBias);
    }
}
