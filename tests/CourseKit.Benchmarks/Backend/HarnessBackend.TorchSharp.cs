namespace CourseKit.Benchmarks;

/// <summary>
/// What the harness does differently on TorchSharp: LibTorch's thread count, and the GEMM figures as a 256×256
/// <c>torch.mm</c> (the engine's other GEMM figures time its own kernels and have no TorchSharp counterpart).
/// </summary>
internal static class HarnessBackend
{
    /// <summary>The name <c>--backend</c> takes for this build.</summary>
    public const string Name = "torchsharp";

    /// <summary>The value of <c>-p:TensorBackend=</c> that builds this backend.</summary>
    public const string BuildProperty = "TorchSharp";

    /// <summary>Runs <paramref name="body"/> with LibTorch's intra-op pool held to one thread.</summary>
    public static T OnOneThread<T>(Func<T> body) => WithThreads(1, body);

    /// <summary>
    /// The network figures run on one thread: on this course's small networks LibTorch's pool costs more than it
    /// gives (a 4-64-64-2 update measured 538 µs on one thread, 931 µs on two), and the course's TorchSharp build
    /// pins one thread too.
    /// </summary>
    public static T WithSuiteThreads<T>(Func<T> body) => WithThreads(1, body);

    /// <summary>gemm_256_gflops_1t and gemm_256_gflops_all, as <c>torch.mm</c> (the result freed at once, as a dispose scope would).</summary>
    public static void GemmFigures()
    {
        Measure.Report("gemm_256_gflops_1t", WithThreads(1, () => SquareGflops(256)), "GFLOP/s");
        Measure.Report("gemm_256_gflops_all", WithThreads(Environment.ProcessorCount, () => SquareGflops(256)), "GFLOP/s");
    }

    static double SquareGflops(int size)
    {
        torch.manual_seed(0);
        using var a = torch.rand(size, size);
        using var b = torch.rand(size, size);
        double flops = 2.0 * size * size * size;
        int calls = (int)Math.Clamp(2e8 / flops, 1, 10000);
        double seconds = Measure.SecondsPerCall(() => a.mm(b).Dispose(), calls, rounds: 9);
        return flops / seconds / 1e9;
    }

    static T WithThreads<T>(int threads, Func<T> body)
    {
        int saved = torch.get_num_threads();
        torch.set_num_threads(threads);
        try
        {
            return body();
        }
        finally
        {
            torch.set_num_threads(saved);
        }
    }
}
