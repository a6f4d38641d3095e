using System.Reflection;
using CourseKit.Benchmarks;

// Usage: dotnet run -c Release --project tests/CourseKit.Benchmarks -- <suite> [<suite> ...]
// Each suite prints one line per figure: "name: value unit".
var suites = typeof(IBenchmarkSuite).Assembly.GetTypes()
    .Where(t => typeof(IBenchmarkSuite).IsAssignableFrom(t) && !t.IsAbstract && !t.IsInterface)
    .Select(t => (IBenchmarkSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name)
    .ToDictionary(s => s.Name);

if (args.Length == 0 || args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine("usage: CourseKit.Benchmarks <suite> [<suite> ...]   (or 'all')");
    foreach (var s in suites.Values) Console.WriteLine($"  {s.Name,-10} {s.Description}");
    return args.Length == 0 ? 1 : 0;
}

var chosen = args.Contains("all") ? suites.Keys.ToArray() : args;
foreach (var name in chosen)
{
    if (!suites.TryGetValue(name, out var suite))
    {
        Console.Error.WriteLine($"unknown suite '{name}'; known: {string.Join(", ", suites.Keys)}");
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

    }
}
