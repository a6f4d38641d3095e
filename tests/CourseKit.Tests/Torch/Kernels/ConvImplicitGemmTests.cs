using CourseKit.Torch.Kernels;
using Shape = CourseKit.Tests.Torch.Kernels.NaiveKernels.Shape;
using static CourseKit.Tests.Torch.Kernels.NaiveKernels;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// The implicit-GEMM conv2d (panels packed straight from the images) called directly, on shapes the public entry
/// would not always route to it (few taps for the weight gradient), against direct loops and against the lowered
/// path: strides, padding on every side of the window, non-square images and kernels, odd channel counts, tiles
/// that cross image boundaries. The gather path runs where AVX2 exists; the CI legs without AVX2 run the scalar one.
/// </summary>
public unsafe class ConvImplicitGemmTests
{
    public static TheoryData<Shape> Shapes => new()
    {
        new(2, 4, 20, 20, 16, 4, 4, 2, 2, 0, 0),   // the pixel net's conv1 on two images (81 positions each: tiles straddle them)
        new(3, 16, 9, 9, 32, 3, 3, 1, 1, 0, 0),    // its conv2
        new(2, 3, 11, 13, 5, 3, 3, 1, 1, 1, 1),    // "same" padding, non-square image, 5 output channels (a partial row tile)
        new(3, 2, 10, 7, 7, 5, 3, 2, 3, 2, 1),     // non-square kernel, different strides and pads per axis
        new(2, 5, 6, 6, 3, 3, 3, 3, 3, 2, 2),      // stride 3 with windows half in the padding
        new(4, 3, 5, 5, 9, 1, 1, 1, 1, 0, 0),      // pointwise
        new(2, 1, 4, 4, 2, 4, 4, 1, 1, 3, 3),      // padding k − 1: corner windows see one pixel
        new(2, 7, 12, 12, 17, 2, 2, 2, 2, 0, 0),   // 17 channels: two full row tiles and a remainder
    };

    [Theory, MemberData(nameof(Shapes))]
    public void Float_matches_direct_loops_and_the_lowered_path(Shape s)
    {
        var rng = new Random(s.GetHashCode());
        double[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), gradOut = Random(rng, s.OutputSize);
        float[] x = Array.ConvertAll(input, v => (float)v), w = Array.ConvertAll(weight, v => (float)v), b = Array.ConvertAll(bias, v => (float)v), g = Array.ConvertAll(gradOut, v => (float)v);
        float[] y = new float[s.OutputSize], yLowered = new float[s.OutputSize], gw = new float[s.WeightSize], gb = new float[s.O], gwLowered = new float[s.WeightSize], gbLowered = new float[s.O];
        Array.Fill(y, float.NaN); Array.Fill(gw, float.NaN); Array.Fill(gb, float.NaN);
        var shape = Conv(s);
        fixed (float* px = x, pw = w, pb = b, pg = g, py = y, pyl = yLowered, pgw = gw, pgb = gb, pgwl = gwLowered, pgbl = gbLowered)
        {
            Conv2dCore<float>.ForwardImplicit(px, pw, pb, py, shape, relu: false);
            Conv2dCore<float>.ForwardLowered(px, pw, pb, pyl, shape, relu: false);
            Conv2dCore<float>.BackwardWeightImplicit(pg, px, pgw, pgb, shape);
            Conv2dCore<float>.BackwardWeightLowered(pg, px, pgwl, pgbl, shape);
        }
        AssertClose(NaiveKernels.ConvForward(s, input, weight, bias), y, $"forward {s}");
        AssertClose(Array.ConvertAll(yLowered, v => (double)v), y, $"forward vs lowered {s}");
        var (expectedW, expectedB) = NaiveKernels.ConvBackwardWeight(s, gradOut, input);
        AssertClose(expectedW, gw, $"grad weight {s}");
        AssertClose(expectedB, gb, $"grad bias {s}");
        AssertClose(Array.ConvertAll(gwLowered, v => (double)v), gw, $"grad weight vs lowered {s}");
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Double_matches_direct_loops(Shape s)
    {
        var rng = new Random(s.GetHashCode() + 1);
        double[] x = Random(rng, s.InputSize), w = Random(rng, s.WeightSize), b = Random(rng, s.O), g = Random(rng, s.OutputSize);
        double[] y = new double[s.OutputSize], gw = new double[s.WeightSize], gb = new double[s.O];
        var shape = Conv(s);
        fixed (double* px = x, pw = w, pb = b, pg = g, py = y, pgw = gw, pgb = gb)
        {
            Conv2dCore<double>.ForwardImplicit(px, pw, pb, py, shape, relu: true);
            Conv2dCore<double>.BackwardWeightImplicit(pg, px, pgw, pgb, shape);
        }
        var expected = Array.ConvertAll(NaiveKernels.ConvForward(s, x, w, b), v => Math.Max(v, 0));
        var (expectedW, expectedB) = NaiveKernels.ConvBackwardWeight(s, g, x);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"forward+relu {s}: element {i}");
        for (int i = 0; i < expectedW.Length; i++) Assert.True(Math.Abs(expectedW[i] - gw[i]) <= 1e-12 * (1 + Math.Abs(expectedW[i])), $"grad weight {s}: element {i}");
        for (int i = 0; i < expectedB.Length; i++) Assert.True(Math.Abs(expectedB[i] - gb[i]) <= 1e-12 * (1 + Math.Abs(expectedB[i])), $"grad bias {s}: element {i}");
    }

    [Fact]
    public void Both_threads_give_the_same_bits_as_one()
    {
        // Large enough for the GEMM to split its columns over two threads, each packing its own panels.
        var s = new Shape(16, 16, 9, 9, 32, 3, 3, 1, 1, 1, 1);   // 6 M multiply-adds: past the conv's threshold for threads
        var rng = new Random(3);
        float[] x = Array.ConvertAll(Random(rng, s.InputSize), v => (float)v), w = Array.ConvertAll(Random(rng, s.WeightSize), v => (float)v);
        float[] g = Array.ConvertAll(Random(rng, s.OutputSize), v => (float)v);
        (float[] y, float[] gw) Run(int threads)
        {
            int saved = CourseKit.Torch.Kernels.Gemm.MaxThreads;
            CourseKit.Torch.Kernels.Gemm.MaxThreads = threads;
            try
            {
                float[] y = new float[s.OutputSize], gw = new float[s.WeightSize];
                fixed (float* px = x, pw = w, pg = g, py = y, pgw = gw)
                {
                    Conv2dCore<float>.ForwardImplicit(px, pw, null, py, Conv(s), relu: false);
                    Conv2dCore<float>.BackwardWeightImplicit(pg, px, pgw, null, Conv(s));
                }
                return (y, gw);
            }
            finally
            {
                CourseKit.Torch.Kernels.Gemm.MaxThreads = saved;
            }
        }
        var one = Run(1);
        foreach (int threads in new[] { 2, 3, 2 })
        {
            var again = Run(threads);
            Assert.Equal(one.y, again.y);
            Assert.Equal(one.gw, again.gw);
        }
    }
}
