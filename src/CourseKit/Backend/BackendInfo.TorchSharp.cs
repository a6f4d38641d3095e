namespace CourseKit.Backend;

/// <summary>What the device report says about the TorchSharp backend. BackendInfo.CourseKit.cs is the same surface on CourseKit's engine.</summary>
internal static class BackendInfo
{
    /// <summary>TorchSharp's version and LibTorch's CPU threads.</summary>
    internal static string Engine
    {
        get
        {
            EnsureLoaded();
            int threads = torch.get_num_threads();
            return $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)} on LibTorch, {threads} CPU thread{(threads == 1 ? "" : "s")}";
        }
    }

    // The first call into LibTorch loads the native libraries; what went wrong then is kept for every later call.
    static readonly Lazy<Exception?> s_loadFailure = new(() =>
    {
        try { _ = torch.get_num_threads(); return null; }
        catch (Exception e) { return e; }
    });

    /// <summary>
    /// Loads LibTorch, or stops with what to do: TorchSharp's own error for a native library that does not load is a
    /// type-initialisation failure deep in its loader. Seed.Everything and the device report (every setup cell) call it.
    /// </summary>
    internal static void EnsureLoaded()
    {
        if (s_loadFailure.Value is not { } failure) return;
        var inner = failure;
        while (inner is TypeInitializationException or System.Reflection.TargetInvocationException && inner.InnerException is not null) inner = inner.InnerException;
        string folder = Path.GetDirectoryName(typeof(torch).Assembly.Location) ?? "(unknown)";
        throw new InvalidOperationException(
            $"CourseKit's TorchSharp build could not load LibTorch's native libraries from {folder}: {inner.GetType().Name}: {inner.Message} " +
            "Build the library on this machine with `dotnet build -p:TensorBackend=TorchSharp` in the repository root: it keeps this platform's " +
            "LibTorch beside TorchSharp.dll and, where the system's libstdc++ is older (Debian 12), patches libLibTorchSharp.so so that it loads. " +
            "The course's CourseKit edition (notebooks/, CourseKit's engine) needs no native library.", failure);
    }

    /// <summary>
    /// LibTorch on one intra-op CPU thread: its multi-threaded reductions may add in a different order from run to run,
    /// and this course's networks are small enough that the threads cost more than they give (measured on the course's
    /// 2-core machine, a DQN update of CartPole's 4-64-64-2 network at batch 32 with Adam: 538 µs on one thread, 931 µs
    /// on two). Set <c>COURSEKIT_TORCH_THREADS</c> to a number to choose otherwise (a GPU run is not affected).
    /// </summary>
    internal static void MakeReproducible()
    {
        EnsureLoaded();
        int threads = ThreadsFrom(Environment.GetEnvironmentVariable(ThreadsVariable));
        if (torch.get_num_threads() != threads) torch.set_num_threads(threads);
    }

    /// <summary>The environment variable that sets LibTorch's threads for a run.</summary>
    internal const string ThreadsVariable = "COURSEKIT_TORCH_THREADS";

    /// <summary>The thread count <see cref="ThreadsVariable"/>'s value asks for: one when unset.</summary>
    internal static int ThreadsFrom(string? asked)
    {
        if (string.IsNullOrWhiteSpace(asked)) return 1;
        if (int.TryParse(asked, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out int threads) && threads >= 1) return threads;
        throw new ArgumentException($"{ThreadsVariable}={asked} is not a number of threads: unset it (one thread) or give a whole number of 1 or more.");
    }

    /// <summary>Why there is no CUDA device, as the end of a sentence.</summary>
    internal const string NoCuda = "TorchSharp reports none: this build references LibTorch for the CPU (libtorch-cpu), or no NVIDIA driver is installed.";
}
