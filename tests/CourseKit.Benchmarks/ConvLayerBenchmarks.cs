using CourseKit.Torch.Kernels;

namespace CourseKit.Benchmarks;

/// <summary>
/// Each convolution of the course's two networks on its own: forward, input gradient and weight + bias
/// gradient, as microseconds per call (the fastest of several rounds) and as GFLOP/s (2 · multiply-adds / time),
/// so the layers whose kernels fall far below the GEMM's rate stand out. <c>dotnet run -c Release --project tests/CourseKit.Benchmarks -- convlayers</c>.
/// </summary>
public sealed class ConvLayerBenchmarks : IBenchmarkSuite
{
    public string Name => "convlayers";
    public string Description => "conv2d forward, input gradient, weight gradient per layer (pixel net at batch 1 and 32, Nature CNN at batch 32)";

    /// <summary>(name, batch, c, h, o, k, stride): the pixel notebook's two convs, then the Nature CNN's three.</summary>
    static readonly (string name, int n, int c, int h, int o, int k, int s)[] Layers =
    [
        ("pixel1_b1", 1, 4, 20, 16, 4, 2), ("pixel2_b1", 1, 16, 9, 32, 3, 1),
        ("pixel1_b32", 32, 4, 20, 16, 4, 2), ("pixel2_b32", 32, 16, 9, 32, 3, 1),
        ("nature1_b32", 32, 4, 84, 32, 8, 4), ("nature2_b32", 32, 32, 20, 64, 4, 2), ("nature3_b32", 32, 64, 9, 64, 3, 1),
    ];

    public void Run()
    {
        foreach (var (name, n, c, h, o, k, s) in Layers)
        {
            int oh = (h - k) / s + 1;
            var rng = new Random(1);
            float[] Random(int length) { var x = new float[length]; for (int i = 0; i < length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1); return x; }
            float[] input = Random(n * c * h * h), weight = Random(o * c * k * k), bias = Random(o), gradOut = Random(n * o * oh * oh);
            float[] output = new float[gradOut.Length], gradIn = new float[input.Length], gradW = new float[weight.Length], gradB = new float[o];
            double macs = (double)n * o * c * k * k * oh * oh;
            int calls = (int)Math.Clamp(2e7 / macs, 2, 20_000);
            void Report(string what, Action body)
            {
                double seconds = Measure.BestSecondsPerCall(body, calls);
                Measure.Report($"conv_{name}_{what}_us", seconds * 1e6, "us");
                Measure.Report($"conv_{name}_{what}_gflops", 2 * macs / seconds / 1e9, "GFLOP/s");
            }
            Report("fwd", () => Conv2dKernels.Forward(input, weight, bias, output, n, c, h, h, o, k, k, s, s, 0, 0, relu: true));
            Report("bwd_input", () => Conv2dKernels.BackwardInput(gradOut, weight, gradIn, n, c, h, h, o, k, k, s, s, 0, 0));
            Report("bwd_weight", () => Conv2dKernels.BackwardWeight(gradOut, input, gradW, gradB, n, c, h, h, o, k, k, s, s, 0, 0));
        }
    }
}
