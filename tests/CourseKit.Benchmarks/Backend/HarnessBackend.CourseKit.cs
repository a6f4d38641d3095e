using CourseKit.Torch.Kernels;
// An alias: the backend's global `using static torch` brings a method named Gemm that would hide the kernel class.
using KernelGemm = CourseKit.Torch.Kernels.Gemm;

namespace CourseKit.Benchmarks;

/// <summary>
/// What the harness does differently on CourseKit's own engine: its thread count is the GEMM's, and its GEMM figures
/// come from the kernels themselves. HarnessBackend.TorchSharp.cs is the same surface on TorchSharp.
/// </summary>
internal static class HarnessBackend
{
    /// <summary>The name <c>--backend</c> takes for this build.</summary>
    public const string Name = "coursekit";

    /// <summary>The value of <c>-p:TensorBackend=</c> that builds this backend.</summary>
    public const string BuildProperty = "CourseKit";

    /// <summary>Runs <paramref name="body"/> with the engine's kernels held to one thread.</summary>
    public static T OnOneThread<T>(Func<T> body)
    {
        int saved = KernelGemm.MaxThreads;
        KernelGemm.MaxThreads = 1;
        try
        {
            return body();
        }
        finally
        {
            KernelGemm.MaxThreads = saved;
        }
    }

    /// <summary>The engine suite's GEMM figures: the kernels at several sizes, the MLP step's GEMMs, the Nature CNN's convolutions.</summary>
    public static void GemmFigures() => GemmBenchmarks.Run();

    /// <summary>The engine suite's network figures run at the engine's own thread count.</summary>
    public static T WithSuiteThreads<T>(Func<T> body) => body();
}
