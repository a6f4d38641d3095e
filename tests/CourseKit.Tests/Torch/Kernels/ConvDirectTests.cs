using System.Runtime.Intrinsics;
using CourseKit.Torch.Kernels;
using Shape = CourseKit.Tests.Torch.Kernels.NaiveKernels.Shape;
using static CourseKit.Tests.Torch.Kernels.NaiveKernels;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// The direct conv2d kernels (channels along the vector lanes, pixels broadcast from the images) called directly,
/// against plain loops and against the lowered GEMM path: the course's layers, strides that differ per axis,
/// tap counts and position counts that leave partial register tiles, three channel blocks, batches long enough to
/// need several chunks in the weight gradient, and the same bits on one, two and three threads. They run wherever
/// 256-bit vectors are accelerated; the CI leg without AVX2 checks that the engine routes around them.
/// </summary>
public unsafe class ConvDirectTests
{
    /// <summary>All unpadded with output channels a multiple of 16, as the direct kernels require.</summary>
    public static TheoryData<Shape> Shapes => new()
    {
        new(2, 4, 20, 20, 16, 4, 4, 2, 2, 0, 0),   // the pixel net's conv1 (64 taps: a partial tap tile; 162 positions)
        new(3, 16, 9, 9, 32, 3, 3, 1, 1, 0, 0),    // its conv2 (two channel blocks; 147 positions: a partial position tile)
        new(1, 3, 11, 13, 16, 3, 5, 2, 1, 0, 0),   // one image, non-square image and kernel, different strides per axis
        new(5, 2, 12, 12, 48, 2, 2, 1, 1, 0, 0),   // three channel blocks; 605 positions: several weight-gradient chunks
        new(2, 1, 5, 5, 16, 5, 5, 1, 1, 0, 0),     // a window as large as the image: one position per image
        new(4, 7, 6, 6, 16, 1, 1, 1, 1, 0, 0),     // pointwise, 7 taps
    };

    [Theory, MemberData(nameof(Shapes))]
    public void Float_matches_plain_loops_and_the_lowered_path(Shape s)
    {
        if (!Vector256.IsHardwareAccelerated) return; // the routing test below covers machines without 256-bit vectors
        Assert.True(ConvDirect<float>.Supports(Conv(s)));
        var rng = new Random(s.GetHashCode());
        double[] input = Random(rng, s.InputSize), weight = Random(rng, s.WeightSize), bias = Random(rng, s.O), gradOut = Random(rng, s.OutputSize);
        float[] x = Array.ConvertAll(input, v => (float)v), w = Array.ConvertAll(weight, v => (float)v), b = Array.ConvertAll(bias, v => (float)v), g = Array.ConvertAll(gradOut, v => (float)v);
        float[] y = new float[s.OutputSize], yRelu = new float[s.OutputSize], yLowered = new float[s.OutputSize];
        float[] gw = new float[s.WeightSize], gb = new float[s.O], gwLowered = new float[s.WeightSize], gbLowered = new float[s.O];
        Array.Fill(y, float.NaN); Array.Fill(yRelu, float.NaN); Array.Fill(gw, float.NaN); Array.Fill(gb, float.NaN);
        var shape = Conv(s);
        fixed (float* px = x, pw = w, pb = b, pg = g, py = y, pyr = yRelu, pyl = yLowered, pgw = gw, pgb = gb, pgwl = gwLowered, pgbl = gbLowered)
        {
            ConvDirect<float>.Forward(px, pw, pb, py, shape, relu: false);
            ConvDirect<float>.Forward(px, pw, pb, pyr, shape, relu: true);
            Conv2dCore<float>.ForwardLowered(px, pw, pb, pyl, shape, relu: false);
            ConvDirect<float>.BackwardWeight(pg, px, pgw, pgb, shape);
            Conv2dCore<float>.BackwardWeightLowered(pg, px, pgwl, pgbl, shape);
        }
        var expected = NaiveKernels.ConvForward(s, input, weight, bias);
        AssertClose(expected, y, $"forward {s}");
        AssertClose(Array.ConvertAll(expected, v => Math.Max(v, 0)), yRelu, $"forward+relu {s}");
        AssertClose(Array.ConvertAll(yLowered, v => (double)v), y, $"forward vs lowered {s}");
        var (expectedW, expectedB) = NaiveKernels.ConvBackwardWeight(s, gradOut, input);
        AssertClose(expectedW, gw, $"grad weight {s}");
        AssertClose(expectedB, gb, $"grad bias {s}");
        AssertClose(Array.ConvertAll(gwLowered, v => (double)v), gw, $"grad weight vs lowered {s}");
        AssertClose(Array.ConvertAll(gbLowered, v => (double)v), gb, $"grad bias vs lowered {s}");
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Double_matches_plain_loops(Shape s)
    {
        if (!Vector256.IsHardwareAccelerated) return;
        var rng = new Random(s.GetHashCode() + 1);
        double[] x = Random(rng, s.InputSize), w = Random(rng, s.WeightSize), b = Random(rng, s.O), g = Random(rng, s.OutputSize);
        double[] y = new double[s.OutputSize], gw = new double[s.WeightSize], gb = new double[s.O];
        var shape = Conv(s);
        fixed (double* px = x, pw = w, pb = b, pg = g, py = y, pgw = gw, pgb = gb)
        {
            ConvDirect<double>.Forward(px, pw, pb, py, shape, relu: true);
            ConvDirect<double>.BackwardWeight(pg, px, pgw, pgb, shape);
        }
        var expected = Array.ConvertAll(NaiveKernels.ConvForward(s, x, w, b), v => Math.Max(v, 0));
        var (expectedW, expectedB) = NaiveKernels.ConvBackwardWeight(s, g, x);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - y[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"forward+relu {s}: element {i}");
        for (int i = 0; i < expectedW.Length; i++) Assert.True(Math.Abs(expectedW[i] - gw[i]) <= 1e-12 * (1 + Math.Abs(expectedW[i])), $"grad weight {s}: element {i}");
        for (int i = 0; i < expectedB.Length; i++) Assert.True(Math.Abs(expectedB[i] - gb[i]) <= 1e-12 * (1 + Math.Abs(expectedB[i])), $"grad bias {s}: element {i}");
    }

    /// <summary>Input channels a multiple of 16, as the direct input gradient requires; any output channel count.</summary>
    public static TheoryData<Shape> InputShapes => new()
    {
        new(3, 16, 9, 9, 32, 3, 3, 1, 1, 0, 0),    // the pixel net's conv2 (49 positions per image: a partial tile each)
        new(2, 32, 20, 20, 64, 4, 4, 2, 2, 0, 0),  // the Nature CNN's conv2 on two images (overlapping stride-2 windows)
        new(1, 16, 11, 13, 5, 3, 5, 2, 1, 0, 0),   // one image, non-square, different strides per axis, 5 output channels
        new(2, 16, 9, 9, 4, 2, 2, 3, 3, 0, 0),     // stride larger than the kernel: pixels no window covers get 0
        new(2, 48, 6, 6, 7, 1, 1, 1, 1, 0, 0),     // pointwise, three channel blocks
        new(2, 16, 5, 7, 3, 5, 7, 1, 1, 0, 0),     // a window as large as the image
    };

    [Theory, MemberData(nameof(InputShapes))]
    public void Input_gradient_matches_plain_loops_and_the_lowered_path(Shape s)
    {
        if (!Vector256.IsHardwareAccelerated) return;
        Assert.True(ConvDirect<float>.SupportsInput(Conv(s)));
        var rng = new Random(s.GetHashCode() + 2);
        double[] weight = Random(rng, s.WeightSize), gradOut = Random(rng, s.OutputSize);
        float[] w = Array.ConvertAll(weight, v => (float)v), g = Array.ConvertAll(gradOut, v => (float)v);
        float[] gx = new float[s.InputSize], gxGemm = new float[s.InputSize];
        double[] gxDouble = new double[s.InputSize];
        Array.Fill(gx, float.NaN); Array.Fill(gxDouble, double.NaN);
        var shape = Conv(s);
        fixed (float* pw = w, pg = g, pgx = gx)
            ConvDirect<float>.BackwardInput(pg, pw, pgx, shape);
        fixed (double* pw = weight, pg = gradOut, pgx = gxDouble)
            ConvDirect<double>.BackwardInput(pg, pw, pgx, shape);
        Conv2dKernels.BackwardInput(g, w, gxGemm, s.N, s.C, s.H, s.W, s.O, s.KH, s.KW, s.SH, s.SW, 0, 0);
        var expected = NaiveKernels.ConvBackwardInput(s, gradOut, weight);
        AssertClose(expected, gx, $"grad input {s}");
        AssertClose(Array.ConvertAll(gxGemm, v => (double)v), gx, $"grad input vs the engine's path {s}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - gxDouble[i]) <= 1e-12 * (1 + Math.Abs(expected[i])), $"grad input (double) {s}: element {i}");
    }

    [Fact]
    public void One_two_and_three_threads_give_the_same_bits()
    {
        if (!Vector256.IsHardwareAccelerated) return;
        // The pixel net's conv2 at batch 32: 7.2 M multiply-adds, past the threshold for a second thread.
        var s = new Shape(32, 16, 9, 9, 32, 3, 3, 1, 1, 0, 0);
        var rng = new Random(5);
        float[] x = Array.ConvertAll(Random(rng, s.InputSize), v => (float)v), w = Array.ConvertAll(Random(rng, s.WeightSize), v => (float)v);
        float[] b = Array.ConvertAll(Random(rng, s.O), v => (float)v), g = Array.ConvertAll(Random(rng, s.OutputSize), v => (float)v);
        (float[] y, float[] gw, float[] gb, float[] gx) Run(int threads)
        {
            int saved = CourseKit.Torch.Kernels.Gemm.MaxThreads;
            CourseKit.Torch.Kernels.Gemm.MaxThreads = threads;
            try
            {
                float[] y = new float[s.OutputSize], gw = new float[s.WeightSize], gb = new float[s.O], gx = new float[s.InputSize];
                fixed (float* px = x, pw = w, pb = b, pg = g, py = y, pgw = gw, pgb = gb, pgx = gx)
                {
                    ConvDirect<float>.Forward(px, pw, pb, py, Conv(s), relu: true);
                    ConvDirect<float>.BackwardWeight(pg, px, pgw, pgb, Conv(s));
                    ConvDirect<float>.BackwardInput(pg, pw, pgx, Conv(s));
                }
                return (y, gw, gb, gx);
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
            Assert.Equal(one.gb, again.gb);
            Assert.Equal(one.gx, again.gx);
        }
    }

    [Fact]
    public void Padded_or_odd_channel_shapes_take_the_gemm_paths()
    {
        Assert.False(ConvDirect<float>.Supports(new ConvShape(2, 3, 9, 9, 16, 3, 3, 1, 1, 1, 1)));  // padding
        Assert.False(ConvDirect<float>.Supports(new ConvShape(2, 3, 9, 9, 24, 3, 3, 1, 1, 0, 0)));  // 24 channels: not whole tiles of 16
        Assert.Equal(Vector256.IsHardwareAccelerated, ConvDirect<float>.Supports(new ConvShape(2, 3, 9, 9, 32, 3, 3, 1, 1, 0, 0)));
        Assert.False(ConvDirect<float>.SupportsInput(new ConvShape(2, 4, 20, 20, 16, 4, 4, 2, 2, 0, 0)));  // 4 input channels (a first layer)
        Assert.False(ConvDirect<float>.SupportsInput(new ConvShape(2, 16, 9, 9, 16, 3, 3, 1, 1, 1, 0)));  // padding
        Assert.Equal(Vector256.IsHardwareAccelerated, ConvDirect<float>.SupportsInput(new ConvShape(2, 16, 9, 9, 5, 3, 3, 1, 1, 0, 0)));
        // The public entry reaches them only where AVX2's tile is the engine's (not with AVX-512's, not without AVX2).
        Assert.Equal(GemmKernel<float>.Detected == GemmIsa.Vector256, Conv2dCore<float>.UsesDirect(new ConvShape(2, 3, 9, 9, 32, 3, 3, 1, 1, 0, 0)));
        Assert.Equal(GemmKernel<float>.Detected == GemmIsa.Vector256, Conv2dCore<float>.UsesDirectInput(new ConvShape(2, 16, 9, 9, 5, 3, 3, 1, 1, 0, 0)));
        Assert.False(Conv2dCore<float>.UsesDirectInput(new ConvShape(1, 16, 9, 9, 5, 3, 3, 1, 1, 0, 0)));  // one image: the GEMM path
    }
}
