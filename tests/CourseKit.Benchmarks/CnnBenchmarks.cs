using CourseKit.Torch.Kernels;
// An alias: the backend's global `using static torch` brings a method named Gemm that would hide the kernel class.
using KernelGemm = CourseKit.Torch.Kernels.Gemm;

namespace CourseKit.Benchmarks;

/// <summary>
/// The convolutional figures alone (each also printed by the engine suite), short enough to run side by side
/// with another build of the harness: <c>dotnet run -c Release --project tests/CourseKit.Benchmarks -- cnn</c>.
/// </summary>
public sealed class CnnBenchmarks : IBenchmarkSuite
{
    public string Name => "cnn";
    public string Description => "GEMM 256 GFLOP/s (1 thread, all), Nature-CNN conv kernels and DQN update at batch 32";

    public void Run()
    {
        int saved = KernelGemm.MaxThreads;
        try
        {
            KernelGemm.MaxThreads = 1;
            Measure.Report("gemm_256_gflops_1t", GemmBenchmarks.SquareGflops(256), "GFLOP/s");
        }
        finally
        {
            KernelGemm.MaxThreads = saved;
        }
        Measure.Report("gemm_256_gflops_all", GemmBenchmarks.SquareGflops(256), "GFLOP/s");
        Measure.Report("conv_nature_fwd_bwd_b32_ms", GemmBenchmarks.NatureConvs(32).seconds * 1e3, "ms");
        var cnn = new EngineBenchmarks.DqnUpdate(EngineBenchmarks.MakeNatureCnn, obsShape: [4, 84, 84], nActions: 6, batch: 32);
        Measure.Report("nature_cnn_update_b32_ms", Measure.SecondsPerCall(cnn.Step, callsPerRound: 5, rounds: 5) * 1e3, "ms");
        // On one thread, in the thread's CPU time: what a busy shared machine distorts least.
        Measure.Report("nature_cnn_update_b32_1t_cpu_ms", Measure.OnOneThread(() => Measure.BestCpuSecondsPerCall(cnn.Step, callsPerRound: 3, rounds: 5)) * 1e3, "ms");
    }
}
