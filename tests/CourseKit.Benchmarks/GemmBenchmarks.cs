using CourseKit.Torch.Kernels;
// An alias: the backend's global `using static torch` brings a method named Gemm that would hide the kernel class.
using KernelGemm = CourseKit.Torch.Kernels.Gemm;

namespace CourseKit.Benchmarks;

/// <summary>
/// Figures for the numeric kernels under CourseKit.Torch: square SGEMM throughput on one and all threads,
/// the GEMMs of one DQN MLP update, and the Nature-CNN convolutions. Called by the engine suite.
/// </summary>
public static class GemmBenchmarks
{
    public static void Run()
    {
        int saved = KernelGemm.MaxThreads;
        try
        {
            KernelGemm.MaxThreads = 1;
            foreach (int size in new[] { 64, 128, 256, 512 })
                Measure.Report($"gemm_{size}_gflops_1t", SquareGflops(size), "GFLOP/s");
            KernelGemm.MaxThreads = Environment.ProcessorCount;
            Measure.Report("gemm_256_gflops_all", SquareGflops(256), "GFLOP/s");

            foreach (int batch in new[] { 32, 128 })
            {
                var (seconds, bytes) = MlpStepGemms(batch);
                Measure.Report($"gemm_mlp_step_b{batch}_us", seconds * 1e6, "us");
                Measure.Report($"gemm_mlp_step_b{batch}_alloc_bytes", bytes, "B");
            }

            var (convSeconds, convBytes) = NatureConvs(32);
            Measure.Report("conv_nature_fwd_bwd_b32_ms", convSeconds * 1e3, "ms");
            Measure.Report("conv_nature_fwd_bwd_b32_alloc_bytes", convBytes, "B");
        }
        finally
        {
            KernelGemm.MaxThreads = saved;
        }
    }

    static float[] RandomArray(int length, int seed)
    {
        var rng = new Random(seed);
        var x = new float[length];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        return x;
    }

    internal static double SquareGflops(int size)
    {
        float[] a = RandomArray(size * size, 1), b = RandomArray(size * size, 2), c = new float[size * size];
        double flops = 2.0 * size * size * size;
        int calls = (int)Math.Clamp(2e8 / flops, 1, 10000); // ~20-50 ms per round
        double seconds = Measure.SecondsPerCall(() => KernelGemm.Sgemm(false, false, size, size, size, 1, a, 0, size, b, 0, size, 0, c, 0, size), calls, rounds: 9);
        return flops / seconds / 1e9;
    }

    /// <summary>
    /// The GEMMs of one DQN update of the 4-128-128-2 MLP: online and target forward (X·Wᵀ), and the
    /// backward of the online net (dW = dYᵀ·X, dX = dY·W; no dX for the first layer).
    /// </summary>
    static (double seconds, double bytes) MlpStepGemms(int batch)
    {
        int[] widths = [4, 128, 128, 2];
        var weights = new float[3][];
        var acts = new float[4][];
        var grads = new float[4][];
        var gradW = new float[3][];
        for (int l = 0; l < 3; l++) { weights[l] = RandomArray(widths[l] * widths[l + 1], l); gradW[l] = new float[weights[l].Length]; }
        for (int l = 0; l < 4; l++) { acts[l] = RandomArray(batch * widths[l], 10 + l); grads[l] = RandomArray(batch * widths[l], 20 + l); }
        void Step()
        {
            for (int pass = 0; pass < 2; pass++) // online and target forward
                for (int l = 0; l < 3; l++)
                    KernelGemm.Sgemm(false, true, batch, widths[l + 1], widths[l], 1, acts[l], 0, widths[l], weights[l], 0, widths[l], 0, acts[l + 1], 0, widths[l + 1]);
            for (int l = 2; l >= 0; l--)
            {
                KernelGemm.Sgemm(true, false, widths[l + 1], widths[l], batch, 1, grads[l + 1], 0, widths[l + 1], acts[l], 0, widths[l], 0, gradW[l], 0, widths[l]);
                if (l > 0)
                    KernelGemm.Sgemm(false, false, batch, widths[l], widths[l + 1], 1, grads[l + 1], 0, widths[l + 1], weights[l], 0, widths[l], 0, grads[l], 0, widths[l]);
            }
        }
        return (Measure.SecondsPerCall(Step, callsPerRound: batch == 32 ? 400 : 100, rounds: 9), AllocatedBytesPerCall(Step, 200));
    }

    /// <summary>Bytes allocated per call in steady state, all threads included (helpers run on the pool).</summary>
    static double AllocatedBytesPerCall(Action body, int calls)
    {
        body();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        for (int i = 0; i < calls; i++) body();
        return (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / calls;
    }

    /// <summary>The three Nature-CNN convolutions, forward plus both backwards, at the given batch.</summary>
    internal static (double seconds, double bytes) NatureConvs(int batch)
    {
        // (c, h, o, k, stride): 4×84×84 → 32@8×8 s4 → 64@4×4 s2 → 64@3×3 s1.
        (int c, int h, int o, int k, int s)[] layers = [(4, 84, 32, 8, 4), (32, 20, 64, 4, 2), (64, 9, 64, 3, 1)];
        var buffers = layers.Select((L, i) =>
        {
            int oh = (L.h - L.k) / L.s + 1;
            return (input: RandomArray(batch * L.c * L.h * L.h, i), weight: RandomArray(L.o * L.c * L.k * L.k, 10 + i), bias: RandomArray(L.o, 20 + i),
                output: new float[batch * L.o * oh * oh], gradOut: RandomArray(batch * L.o * oh * oh, 30 + i),
                gradIn: new float[batch * L.c * L.h * L.h], gradW: new float[L.o * L.c * L.k * L.k], gradB: new float[L.o]);
        }).ToArray();
        void Step()
        {
            for (int i = 0; i < layers.Length; i++)
            {
                var (c, h, o, k, s) = layers[i];
                var B = buffers[i];
                Conv2dKernels.Forward(B.input, B.weight, B.bias, B.output, batch, c, h, h, o, k, k, s, s, 0, 0);
                Conv2dKernels.BackwardInput(B.gradOut, B.weight, B.gradIn, batch, c, h, h, o, k, k, s, s, 0, 0);
                Conv2dKernels.BackwardWeight(B.gradOut, B.input, B.gradW, B.gradB, batch, c, h, h, o, k, k, s, s, 0, 0);
            }
        }
        return (Measure.SecondsPerCall(Step, callsPerRound: 3, rounds: 7, warmupRounds: 1), AllocatedBytesPerCall(Step, 5));
    }
}

/// <summary>Runs <see cref="GemmBenchmarks"/> on its own: <c>dotnet run -c Release --project tests/CourseKit.Benchmarks -- gemm</c>.</summary>
public sealed class GemmSuite : IBenchmarkSuite
{
    public string Name => "gemm";
    public string Description => "GEMM and conv2d kernels (also part of the engine suite)";
    public void Run() => GemmBenchmarks.Run();
}
