using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CourseKit.Notebooks.Grading;

/// <summary>What came back from one worker process.</summary>
internal sealed record WorkerOutcome(
    IReadOnlyList<WorkerProtocol.PlannedCheck>? Plan,
    IReadOnlyList<WorkerProtocol.Message> Results,
    bool Done,
    string? Fatal,
    bool TimedOut,
    int? ExitCode,
    string Stderr,
    TimeSpan Elapsed);

/// <summary>
/// Starts the worker (this assembly in "worker" mode) as a child process with a wall-clock
/// limit and a GC heap limit, feeds it the job on stdin and collects its result lines. The
/// child shares nothing with the grader, so whatever the student's code does to its process
/// (loop forever, overflow the stack, call Environment.Exit) ends there.
/// </summary>
internal sealed class WorkerProcess(string workDirectory)
{
    readonly Lazy<string> _runtimeConfig = new(() => WriteRuntimeConfig(workDirectory));

    public async Task<WorkerOutcome> RunAsync(WorkerProtocol.Job job, TimeSpan timeLimit, long memoryLimitBytes)
    {
        var start = new ProcessStartInfo(DotnetHost.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in new[] { "exec", "--runtimeconfig", _runtimeConfig.Value, typeof(Worker).Assembly.Location, "worker" })
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_GCHeapHardLimit"] = "0x" + memoryLimitBytes.ToString("x");
        start.Environment["DOTNET_gcServer"] = "0";
        start.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the grading worker");
        var results = new List<WorkerProtocol.Message>();
        List<WorkerProtocol.PlannedCheck>? plan = null;
        bool done = false;
        string? fatal = null;
        string prefix = job.Nonce + " ";

        var readOut = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (!line.StartsWith(prefix, StringComparison.Ordinal)) continue; // anything else is not ours
                var message = JsonSerializer.Deserialize<WorkerProtocol.Message>(line[prefix.Length..], WorkerProtocol.Json);
                lock (results)
                {
                    switch (message?.Type)
                    {
                        case "plan": plan = message.Checks?.ToList(); break;
                        case "result": results.Add(message); break;
                        case "done": done = true; break;
                        case "fatal": fatal = message.Text; break;
                    }
                }
            }
        });
        var readErr = ReadCappedAsync(process.StandardError, 16_000);

        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(job, WorkerProtocol.Json)).ConfigureAwait(false);
        process.StandardInput.Close();

        bool timedOut = false;
        using (var cts = new CancellationTokenSource(timeLimit))
        {
            try { await process.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                timedOut = true;
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        await readOut.ConfigureAwait(false);
        string stderr = await readErr.ConfigureAwait(false);
        lock (results)
            return new WorkerOutcome(plan, results.ToList(), done, fatal, timedOut, timedOut ? null : process.ExitCode, stderr, watch.Elapsed);
    }

    public static string NewNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    static async Task<string> ReadCappedAsync(StreamReader reader, int cap)
    {
        var sb = new StringBuilder();
        var buffer = new char[4096];
        int n;
        while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            if (sb.Length < cap) sb.Append(buffer, 0, Math.Min(n, cap - sb.Length));
        return sb.ToString();
    }

    static string WriteRuntimeConfig(string directory)
    {
        // The worker runs on the grader's own runtime; writing the config here means the worker
        // DLL can be started from wherever it was copied (the CLI's folder, a test's bin folder).
        var version = Environment.Version;
        string json = "{\"runtimeOptions\":{\"tfm\":\"net" + version.Major + "." + version.Minor +
                      "\",\"framework\":{\"name\":\"Microsoft.NETCore.App\",\"version\":\"" + version.Major + "." + version.Minor + ".0\"}}}";
        string path = Path.Combine(directory, "worker.runtimeconfig.json");
        Directory.CreateDirectory(directory);
        AtomicFile.WriteAllText(path, json);
        return path;
    }
}

/// <summary>Finds the <c>dotnet</c> host that runs the worker.</summary>
internal static class DotnetHost
{
    static readonly Lazy<string> s_path = new(Find);

    public static string Path => s_path.Value;

    static string Find()
    {
        string exe = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "dotnet.exe" : "dotnet";
        var candidates = new List<string?>
        {
            Environment.GetEnvironmentVariable("DOTNET_HOST_PATH"),
            System.IO.Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath : null,
            // <root>/shared/Microsoft.NETCore.App/<version>/ -> <root>/dotnet
            System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", "..", exe)),
            Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root ? System.IO.Path.Combine(root, exe) : null,
        };
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator))
            candidates.Add(dir.Length > 0 ? System.IO.Path.Combine(dir, exe) : null);
        return candidates.FirstOrDefault(c => c is not null && File.Exists(c))
               ?? throw new InvalidOperationException("Cannot find the 'dotnet' executable to start the grading worker; set DOTNET_HOST_PATH.");
    }
}
