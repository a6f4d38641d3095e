using CourseKit.Torch.Kernels;
using Shape = CourseKit.Tests.Torch.Kernels.NaiveKernels.Shape;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// Conv2dKernels against direct loops (float and double), and the double backward against central
/// finite differences of L = Σ output ⊙ R.
/// </summary>
public class Conv2dKernelTests
{
    public static TheoryData<Shape> Shapes => new()
    {
        new(1, 1, 5, 5, 1, 3, 3, 1, 1, 0, 0),
        new(2, 3, 7, 6, 4, 3, 3, 2, 2, 1, 1),    // odd sizes, stride 2 with padding: taps fall off both edges
        new(3, 2, 9, 9, 5, 4, 4, 2, 2, 0, 0),
        new(2, 4, 5, 8, 3, 1, 1, 1, 1, 0, 0),    // pointwise: im2col is skipped
        new(1, 2, 6, 7, 2, 3, 2, 1, 3, 2, 1),    // non-square kernel, unequal strides and paddings
        new(2, 1, 3, 3, 2, 5, 5, 1, 1, 2, 2),    // kernel larger than the image
        new(1, 3, 4, 4, 2, 2, 2, 3, 3, 1, 1),    // stride larger than the kernel: gaps
        new(2, 4, 20, 20, 8, 8, 8, 4, 4, 0, 0),  // Nature-CNN conv1 geometry, shrunk
        new(3, 32, 9, 9, 16, 3, 3, 1, 1, 0, 0),  // K = 288 spans more than one cache block of k
    };

    static double[] Random(Random rng, int length)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++) x[i] = Math.Round(rng.NextDouble() * 2 - 1, 3); // exact in float too
        return x;
    }

    static float[] F(double[] x) => Array.ConvertAll(x, v => (float)v);

    static void AssertClose(double[] expected, double[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    static double[] Nan(int length) { var x = new double[length]; Array.Fill(x, double.NaN); return x; }
    static float[] NanF(int length) { var x = new float[length]; Array.Fill(x, float.NaN); return x; }

    [Theory, MemberData(nameof(Shapes))]
    public void ForwardAndBackwardMatchDirectLoops(Shape s)
    {
        var rng = new Random(s.GetHashCode());
        double[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), gradOut = Random(rng, s.OutputSize);
        var expectedOut = NaiveKernels.ConvForward(s, input, weight, bias);
        var expectedGradIn = NaiveKernels.ConvBackwardInput(s, gradOut, weight);
        var (expectedGradW, expectedGradB) = NaiveKernels.ConvBackwardWeight(s, gradOut, input);

        // Double: outputs start as NaN to prove they are overwritten, not accumulated into.
        double[] output = Nan(s.OutputSize), gradIn = Nan(s.InputSize), gradW = Nan(s.WeightSize), gradB = Nan(s.O);
        Conv2dKernels.Forward(input, weight, bias, output, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardInput(gradOut, weight, gradIn, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardWeight(gradOut, input, gradW, gradB, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        AssertClose(expectedOut, output, 1e-12, $"double forward {s}");
        AssertClose(expectedGradIn, gradIn, 1e-12, $"double grad input {s}");
        AssertClose(expectedGradW, gradW, 1e-12, $"double grad weight {s}");
        AssertClose(expectedGradB, gradB, 1e-12, $"double grad bias {s}");

        float[] outputF = NanF(s.OutputSize), gradInF = NanF(s.InputSize), gradWF = NanF(s.WeightSize), gradBF = NanF(s.O);
        Conv2dKernels.Forward(F(input), F(weight), F(bias), outputF, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardInput(F(gradOut), F(weight), gradInF, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardWeight(F(gradOut), F(input), gradWF, gradBF, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        double tolF = 2e-6 * Math.Sqrt(s.C * s.KH * s.KW * s.N * s.OH * s.OW + 1);
        AssertClose(expectedOut, Array.ConvertAll(outputF, v => (double)v), tolF, $"float forward {s}");
        AssertClose(expectedGradIn, Array.ConvertAll(gradInF, v => (double)v), tolF, $"float grad input {s}");
        AssertClose(expectedGradW, Array.ConvertAll(gradWF, v => (double)v), tolF, $"float grad weight {s}");
        AssertClose(expectedGradB, Array.ConvertAll(gradBF, v => (double)v), tolF, $"float grad bias {s}");
    }

    [Fact]
    public void BackwardMatchesFiniteDifferences()
    {
        var s = new Shape(2, 2, 6, 5, 3, 3, 2, 2, 1, 1, 1);
        var rng = new Random(7);
        double[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), r = Random(rng, s.OutputSize);
        double Loss()
        {
            var output = new double[s.OutputSize];
            Conv2dKernels.Forward(input, weight, bias, output, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
            double sum = 0;
            for (int i = 0; i < output.Length; i++) sum += output[i] * r[i];
            return sum;
        }
        double[] gradIn = new double[s.InputSize], gradW = new double[s.WeightSize], gradB = new double[s.O];
        Conv2dKernels.BackwardInput(r, weight, gradIn, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardWeight(r, input, gradW, gradB, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        foreach (var (values, grad, name) in new[] { (input, gradIn, "input"), (weight, gradW, "weight"), (bias, gradB, "bias") })
            for (int i = 0; i < values.Length; i++)
            {
                const double h = 1e-6;
                double saved = values[i];
                values[i] = saved + h; double up = Loss();
                values[i] = saved - h; double down = Loss();
                values[i] = saved;
                double numeric = (up - down) / (2 * h);
                Assert.True(Math.Abs(numeric - grad[i]) <= 1e-6 * (1 + Math.Abs(numeric)), $"d/d{name}[{i}]: analytic {grad[i]}, numeric {numeric}");
            }
    }

    [Fact]
    public void NullBiasAndNullGradBiasAreAllowed()
    {
        var s = new Shape(1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0);
        float[] input = [1, 2, 3, 4, 5, 6, 7, 8, 9], weight = [1, 0, 0, 1], output = new float[4], gradW = new float[4];
        Conv2dKernels.Forward(input, weight, null, output, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Assert.Equal(new float[] { 6, 8, 12, 14 }, output);
        Conv2dKernels.BackwardWeight([1, 1, 1, 1], input, gradW, null, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Assert.Equal(new float[] { 12, 16, 24, 28 }, gradW);
    }

    [Fact]
    public void BadShapesThrowWithTheOperationName()
    {
        var e = Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[9], new float[4], null, new float[3], 1, 1, 3, 3, 1, 2, 2, 1, 1, 0, 0));
        Assert.Contains("conv2d", e.Message);
        Assert.Contains("output", e.Message);
        Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[9], new float[16], null, new float[1], 1, 1, 3, 3, 1, 4, 4, 1, 1, 0, 0));
        Assert.Throws<ArgumentException>(() => Conv2dKernels.Forward(new float[9], new float[4], null, new float[4], 1, 1, 3, 3, 1, 2, 2, 0, 1, 0, 0));
    }

    [Fact]
    public void BatchSplitAcrossThreadsMatchesDirectLoops()
    {
        // Large enough that the batch is split into chunks (3 threads: uneven chunks of 7 images).
        var s = new Shape(7, 16, 12, 12, 32, 3, 3, 1, 1, 1, 1);
        var rng = new Random(11);
        double[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), gradOut = Random(rng, s.OutputSize);
        var expectedOut = NaiveKernels.ConvForward(s, input, weight, bias);
        var expectedGradIn = NaiveKernels.ConvBackwardInput(s, gradOut, weight);
        var (expectedGradW, expectedGradB) = NaiveKernels.ConvBackwardWeight(s, gradOut, input);
        int saved = Gemm.MaxThreads;
        try
        {
            foreach (int threads in new[] { 1, 3 })
            {
                Gemm.MaxThreads = threads;
                float[] output = NanF(s.OutputSize), gradIn = NanF(s.InputSize), gradW = NanF(s.WeightSize), gradB = NanF(s.O);
                Conv2dKernels.Forward(F(input), F(weight), F(bias), output, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
                Conv2dKernels.BackwardInput(F(gradOut), F(weight), gradIn, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
                Conv2dKernels.BackwardWeight(F(gradOut), F(input), gradW, gradB, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
                double tol = 1e-4;
                AssertClose(expectedOut, Array.ConvertAll(output, v => (double)v), tol, $"forward, {threads} threads");
                AssertClose(expectedGradIn, Array.ConvertAll(gradIn, v => (double)v), tol, $"grad input, {threads} threads");
                AssertClose(expectedGradW, Array.ConvertAll(gradW, v => (double)v), tol, $"grad weight, {threads} threads");
                AssertClose(expectedGradB, Array.ConvertAll(gradB, v => (double)v), tol, $"grad bias, {threads} threads");
            }
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
