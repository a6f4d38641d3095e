using CourseKit.Torch.Kernels;
using Shape = CourseKit.Tests.Torch.Kernels.NaiveKernels.Shape;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// The grouped conv2d (one GEMM over a group of images' columns) on the course's own layer shapes, against
/// direct loops, and its results bit for bit the same from run to run and for any thread count.
/// </summary>
public class Conv2dCourseShapeTests
{
    public static TheoryData<Shape> CourseShapes => new()
    {
        new(1, 4, 20, 20, 16, 4, 4, 2, 2, 0, 0),   // pixel notebook conv1, acting (batch 1)
        new(32, 4, 20, 20, 16, 4, 4, 2, 2, 0, 0),  // pixel notebook conv1, learning (batch 32)
        new(1, 16, 9, 9, 32, 3, 3, 1, 1, 0, 0),    // pixel notebook conv2, acting
        new(32, 16, 9, 9, 32, 3, 3, 1, 1, 0, 0),   // pixel notebook conv2, learning
        new(3, 4, 84, 84, 32, 8, 8, 4, 4, 0, 0),   // Nature conv1 (a small batch keeps the reference loops quick)
        new(4, 32, 20, 20, 64, 4, 4, 2, 2, 0, 0),  // Nature conv2
        new(5, 64, 9, 9, 64, 3, 3, 1, 1, 0, 0),    // Nature conv3: K = 576 spans three k slices
        new(6, 3, 11, 13, 8, 3, 3, 1, 1, 1, 1),    // padded "same" conv on a batch
        new(4, 5, 9, 9, 6, 1, 1, 1, 1, 0, 0),      // pointwise on a batch: the columns are still laid side by side
        new(7, 16, 40, 40, 8, 3, 3, 1, 1, 1, 1),   // 0.9 MB of columns per image: groups of 2 (1 in double) and a remainder
    };

    static float[] Random(Random rng, int length)
    {
        var x = new float[length];
        for (int i = 0; i < length; i++) x[i] = (float)Math.Round(rng.NextDouble() * 2 - 1, 3);
        return x;
    }

    static double[] D(float[] x) => Array.ConvertAll(x, v => (double)v);

    static (float[] output, float[] gradIn, float[] gradW, float[] gradB) Run(Shape s, float[] input, float[] weight, float[] bias, float[] gradOut)
    {
        float[] output = new float[s.OutputSize], gradIn = new float[s.InputSize], gradW = new float[s.WeightSize], gradB = new float[s.O];
        Array.Fill(output, float.NaN); Array.Fill(gradIn, float.NaN); Array.Fill(gradW, float.NaN); Array.Fill(gradB, float.NaN);
        Conv2dKernels.Forward(input, weight, bias, output, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardInput(gradOut, weight, gradIn, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        Conv2dKernels.BackwardWeight(gradOut, input, gradW, gradB, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, s.PH, s.PW);
        return (output, gradIn, gradW, gradB);
    }

    static void AssertClose(double[] expected, float[] actual, double tol, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            if (!(Math.Abs(expected[i] - actual[i]) <= tol * (1 + Math.Abs(expected[i]))))
                Assert.Fail($"{what}: element {i} is {actual[i]}, expected {expected[i]}");
    }

    [Theory, MemberData(nameof(CourseShapes))]
    public void MatchesDirectLoops(Shape s)
    {
        var rng = new Random(s.GetHashCode());
        float[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), gradOut = Random(rng, s.OutputSize);
        var (output, gradIn, gradW, gradB) = Run(s, input, weight, bias, gradOut);
        // Sums of up to N·S products of values ≤ 1 in float: the bound grows with the square root of the length.
        double tol = 2e-6 * Math.Sqrt((double)s.C * s.KH * s.KW * s.N * s.OH * s.OW + 1);
        AssertClose(NaiveKernels.ConvForward(s, D(input), D(weight), D(bias)), output, tol, $"forward {s}");
        AssertClose(NaiveKernels.ConvBackwardInput(s, D(gradOut), D(weight)), gradIn, tol, $"grad input {s}");
        var (expectedW, expectedB) = NaiveKernels.ConvBackwardWeight(s, D(gradOut), D(input));
        AssertClose(expectedW, gradW, tol, $"grad weight {s}");
        AssertClose(expectedB, gradB, tol, $"grad bias {s}");
    }

    [Fact]
    public void ResultsAreBitIdenticalAcrossRunsAndThreadCounts()
    {
        // Large enough that the GEMMs and the layout copies split over threads (Nature conv2 at batch 16: groups of 12 and 4).
        var s = new Shape(16, 32, 20, 20, 64, 4, 4, 2, 2, 0, 0);
        var rng = new Random(5);
        float[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), gradOut = Random(rng, s.OutputSize);
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = 1;
            var reference = Run(s, input, weight, bias, gradOut);
            foreach (int threads in new[] { 2, 2, 3, 1 })
            {
                Gemm.MaxThreads = threads;
                var again = Run(s, input, weight, bias, gradOut);
                Assert.Equal(reference.output, again.output);
                Assert.Equal(reference.gradIn, again.gradIn);
                Assert.Equal(reference.gradW, again.gradW);
                Assert.Equal(reference.gradB, again.gradB);
            }
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
    }
}
