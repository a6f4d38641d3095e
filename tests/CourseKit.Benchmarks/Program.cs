using System.Reflection;
using CourseKit.Benchmarks;

// Usage: dotnet run -c Release --project tests/CourseKit.Benchmarks [-p:TensorBackend=TorchSharp] -- <suite> [<suite> ...] [--backend coursekit|torchsharp]
// Each suite prints one line per figure: "name: value unit".
var suites = typeof(IBenchmarkSuite).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name)
    .ToDictionary(s => s.Name);

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("usage: CourseKit.Benchmarks <suite> [<suite> ...] [--backend coursekit|torchsharp]   (or 'all')");
    Console.WriteLine($"  built on the {HarnessBackend.BuildProperty} backend (dotnet run -p:TensorBackend=... chooses)");
    foreach (var s in suites.Values) Console.WriteLine($"  {s.Name,-10} {s.Description}");
    return args.Length == 0 ? 1 : 0;
}

if (BackendOption.Check(args, out var suiteArgs) is { } backendError)
{
    Console.Error.WriteLine(backendError);
    return 2;
}

var chosen = suiteArgs.Contains("all") ? suites.Keys.ToArray() : suiteArgs;
foreach (var name in chosen)
{
    if (!suites.TryGetValue(name, out var suite))
    {
        Console.Error.WriteLine($"unknown suite '{name}' on the {HarnessBackend.BuildProperty} build; known: {string.Join(", ", suites.Keys)} " +
                                "(suites that time CourseKit's own engine build only on the CourseKit backend)");
        return 2;
    }
    suite.Run();
}
return 0;

namespace CourseKit.Benchmarks
{
    /// <summary>A named group of figures; every implementation is found by reflection.</summary>
    public interface IBenchmarkSuite
    {
        string Name { get; }
        string Description { get; }
        void Run();
    }

    /// <summary>Timing helpers shared by the suites.</summary>
    public static class Measure
    {
        /// <summary>Prints one figure as "name: value unit".</summary>
        public static void Report(string name, double value, string unit) =>
            Console.WriteLine($"{name}: {value.ToString(value >= 100 ? "F0" : "G4", System.Globalization.CultureInfo.InvariantCulture)} {unit}");

        /// <summary>Median seconds per call of <paramref name="body"/> over several timed rounds, after a warm-up.</summary>
        public static double SecondsPerCall(Action body, int callsPerRound, int rounds = 7, int warmupRounds = 2)
        {
            for (int i = 0; i < warmupRounds * callsPerRound; i++) body();
            var samples = new double[rounds];
            for (int r = 0; r < rounds; r++)
            {
                long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
                for (int i = 0; i < callsPerRound; i++) body();
                samples[r] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds / callsPerRound;
            }
            Array.Sort(samples);
            return samples[rounds / 2];
        }

        /// <summary>
        /// The calling thread's CPU seconds per call, fastest of several rounds after a warm-up round: with the engine
        /// held to one thread, the figure other processes on a shared machine disturb least (waiting for a core is
        /// not counted).
        /// </summary>
        public static double BestCpuSecondsPerCall(Action body, int callsPerRound, int rounds = 9)
        {
            for (int i = 0; i < callsPerRound; i++) body();
            double best = double.MaxValue;
            for (int r = 0; r < rounds; r++)
            {
                double t0 = ThreadCpuSeconds();
                for (int i = 0; i < callsPerRound; i++) body();
                best = Math.Min(best, (ThreadCpuSeconds() - t0) / callsPerRound);
            }
            return best;
        }

        /// <summary>Runs <paramref name="body"/> with the backend's kernels held to one thread.</summary>
        public static T OnOneThread<T>(Func<T> body) => HarnessBackend.OnOneThread(body);

        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
        struct TimeSpec { public long Seconds, Nanoseconds; }

        [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "clock_gettime")]
        static extern int ClockGetTime(int clock, out TimeSpec time);

        /// <summary>CPU time of the calling thread (Linux's CLOCK_THREAD_CPUTIME_ID); wall time where that clock is missing.</summary>
        static double ThreadCpuSeconds()
        {
            const int ThreadCpuClock = 3;
            if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var t) == 0) return t.Seconds + t.Nanoseconds * 1e-9;
            return System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;
        }

    }
}
