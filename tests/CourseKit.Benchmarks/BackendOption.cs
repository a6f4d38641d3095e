namespace CourseKit.Benchmarks;

/// <summary>
/// <c>--backend coursekit|torchsharp</c>: the backend is chosen when the harness is built, so the flag only confirms it;
/// naming the other backend stops the run with the command that builds and runs that one.
/// </summary>
internal static class BackendOption
{
    static readonly Dictionary<string, string> BuildProperties = new(StringComparer.OrdinalIgnoreCase)
    {
        ["coursekit"] = "CourseKit",
        ["torchsharp"] = "TorchSharp",
    };

    /// <summary>
    /// Removes <c>--backend NAME</c> (or <c>--backend=NAME</c>) from <paramref name="args"/>; returns one line saying
    /// what to run instead when NAME is not this build's backend or not a backend, else null.
    /// </summary>
    public static string? Check(string[] args, out string[] rest)
    {
        var kept = new List<string>();
        string? asked = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--backend")
            {
                if (i + 1 == args.Length) { rest = []; return "--backend needs a value: coursekit or torchsharp."; }
                asked = args[++i];
            }
            else if (args[i].StartsWith("--backend=", StringComparison.Ordinal)) asked = args[i]["--backend=".Length..];
            else kept.Add(args[i]);
        }
        rest = kept.ToArray();
        if (asked is null || string.Equals(asked, HarnessBackend.Name, StringComparison.OrdinalIgnoreCase)) return null;
        if (!BuildProperties.TryGetValue(asked, out var property))
            return $"--backend {asked} is not a backend: use coursekit (CourseKit's own engine) or torchsharp.";
        var suites = string.Join(' ', rest);
        return $"this harness was built on the {HarnessBackend.BuildProperty} backend; for {property} run: " +
               $"dotnet run -c Release --project tests/CourseKit.Benchmarks -p:TensorBackend={property} -- {suites} --backend {asked.ToLowerInvariant()}";
    }
}
