using CourseKit.Torch.Kernels;

namespace CourseKit.Benchmarks;

/// <summary>
/// Each convolution of the course's two networks on its own, on one thread: forward, input gradient and weight +
/// bias gradient as the engine runs them (on AVX2 the direct kernels of ConvDirect for the forward and weight
/// gradient), and for those two also the implicit GEMM (<c>_implicit</c>) and the lowered path (im2col, then a GEMM;
/// <c>_lowered</c>) beside them. Times are the thread's CPU time per call, fastest round: on a shared machine
/// that is the figure other processes disturb least. GFLOP/s is 2 · multiply-adds / time.
/// <c>dotnet run -c Release --project tests/CourseKit.Benchmarks -- convlayers</c>.
/// </summary>
public sealed unsafe class ConvLayerBenchmarks : IBenchmarkSuite
{
    public string Name => "convlayers";
    public string Description => "conv2d per layer on one thread (pixel net at batch 1 and 32, Nature CNN at batch 32): forward, input and weight gradients, the engine's path vs implicit GEMM vs lowering";

    /// <summary>(name, batch, c, h, o, k, stride): the pixel notebook's two convs, then the Nature CNN's three.</summary>
    static readonly (string name, int n, int c, int h, int o, int k, int s)[] Layers =
    [
        ("pixel1_b1", 1, 4, 20, 16, 4, 2), ("pixel2_b1", 1, 16, 9, 32, 3, 1),
        ("pixel1_b32", 32, 4, 20, 16, 4, 2), ("pixel2_b32", 32, 16, 9, 32, 3, 1),
        ("nature1_b32", 32, 4, 84, 32, 8, 4), ("nature2_b32", 32, 32, 20, 64, 4, 2), ("nature3_b32", 32, 64, 9, 64, 3, 1),
    ];

    public void Run()
    {
        Measure.OnOneThread(() =>
        {
            foreach (var layer in Layers) RunLayer(layer);
            return 0;
        });
    }

    static void RunLayer((string name, int n, int c, int h, int o, int k, int s) layer)
    {
        var (name, n, c, h, o, k, s) = layer;
        int oh = (h - k) / s + 1;
        var rng = new Random(1);
        float[] Random(int length) { var x = new float[length]; for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1); return x; }
        float[] input = Random(n * c * h * h), weight = Random(o * c * k * k), bias = Random(o), gradOut = Random(n * o * oh * oh);
        float[] output = new float[gradOut.Length], gradIn = new float[input.Length], gradW = new float[weight.Length], gradB = new float[o];
        var shape = new ConvShape(n, c, h, h, o, k, k, s, s, 0, 0);
        double macs = (double)n * o * c * k * k * oh * oh;
        int calls = (int)Math.Clamp(2e7 / macs, 2, 20_000);
        void Report(string what, Action body)
        {
            double seconds = Measure.BestCpuSecondsPerCall(body, calls);
            Measure.Report($"conv_{name}_{what}_us", seconds * 1e6, "us");
            Measure.Report($"conv_{name}_{what}_gflops", 2 * macs / seconds / 1e9, "GFLOP/s");
        }
        Report("fwd", () => Conv2dKernels.Forward(input, weight, bias, output, n, c, h, h, o, k, k, s, s, 0, 0, relu: true));
        Report("fwd_implicit", () => { fixed (float* x = input, w = weight, b = bias, y = output) Conv2dCore<float>.ForwardImplicit(x, w, b, y, shape, relu: true); });
        Report("fwd_lowered", () => { fixed (float* x = input, w = weight, b = bias, y = output) Conv2dCore<float>.ForwardLowered(x, w, b, y, shape, relu: true); });
        Report("bwd_input", () => Conv2dKernels.BackwardInput(gradOut, weight, gradIn, n, c, h, h, o, k, k, s, s, 0, 0));
        Report("bwd_weight", () => Conv2dKernels.BackwardWeight(gradOut, input, gradW, gradB, n, c, h, h, o, k, k, s, s, 0, 0));
        Report("bwd_weight_implicit", () => { fixed (float* g = gradOut, x = input, w = gradW, b = gradB) Conv2dCore<float>.BackwardWeightImplicit(g, x, w, b, shape); });
        Report("bwd_weight_lowered", () => { fixed (float* g = gradOut, x = input, w = gradW, b = gradB) Conv2dCore<float>.BackwardWeightLowered(g, x, w, b, shape); });
    }
}
