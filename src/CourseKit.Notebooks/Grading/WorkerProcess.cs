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
    TimeSpan Elapsed,
    string? LimitReason = null,
    string? TimeLimitReason = null);

/// <summary>
/// Starts the worker (this assembly in "worker" mode) as a child process with a time limit
/// (see <see cref="WallClockLimit"/>) and a GC heap limit, feeds it the job on stdin and collects its result lines. On
/// Linux with bubblewrap the child runs in the <see cref="Sandbox"/> with a <see cref="Cgroup"/>
/// (or the <see cref="ProcessWatchdog"/>) bounding memory and processes; elsewhere it is an
/// ordinary process, and <see cref="Isolation"/> says so. Either way whatever the student's
/// code does to its process (loop forever, overflow the stack, call Environment.Exit, flood
/// its output) ends there.
/// </summary>
internal sealed class WorkerProcess
{
    const int MaxProtocolLine = 4 * 1024 * 1024;
    readonly string _workDirectory;
    readonly SandboxOptions _sandbox;
    readonly Lazy<string> _runtimeConfig;
    readonly string _token = Guid.NewGuid().ToString("N")[..16];

    public WorkerProcess(string workDirectory, SandboxOptions? sandbox = null)
    {
        _workDirectory = workDirectory;
        _sandbox = sandbox ?? SandboxOptions.Default;
        _runtimeConfig = new(() => WriteRuntimeConfig(workDirectory));
        if (_sandbox.Mode == SandboxMode.Required && Sandbox.Unavailable is { } why)
            throw new InvalidOperationException($"A sandbox is required but {why}.");
    }

    /// <summary>
    /// Where CPU time can be measured (Linux, /proc) the exercise's time limit is CPU time of the
    /// worker's process tree, and the wall clock only catches code that waits without working
    /// (a sleep, a blocked read): it allows three times the limit plus 10 s, so a machine
    /// grading a class in parallel does not fail answers it merely slowed down. Elsewhere the
    /// limit is wall-clock time.
    /// </summary>
    public static TimeSpan WallClockLimit(TimeSpan timeLimit) =>
        OperatingSystem.IsLinux() ? timeLimit * 3 + TimeSpan.FromSeconds(10) : timeLimit;

    /// <summary>The sentence a student reads when the time limit ended the checks.</summary>
    public static string TimeLimitMessage(TimeSpan timeLimit, bool cpu) => cpu
        ? $"Time limit exceeded: the code used more than {timeLimit.TotalSeconds:0.#} s of CPU time without finishing (an infinite loop, or far too much work)."
        : OperatingSystem.IsLinux()
            ? $"Time limit exceeded: the code did not finish within {WallClockLimit(timeLimit).TotalSeconds:0.#} s while using little CPU time (is it sleeping, or waiting for input that never comes?)."
            : $"Time limit exceeded: the code did not finish within {timeLimit.TotalSeconds:0.#} s (an infinite loop, or far too much work).";

    /// <summary>True when workers run in the OS sandbox.</summary>
    public bool Sandboxed => _sandbox.Mode != SandboxMode.Off && Sandbox.Unavailable is null;

    /// <summary>A token on every worker's command line, so a test can prove none is left running.</summary>
    public string Token => _token;

    /// <summary>One line for the reports: how submissions were isolated.</summary>
    public string Isolation(TimeSpan timeLimit, long heapBytes) => _isolation ??= Describe(timeLimit, heapBytes);

    string? _isolation;

    string Describe(TimeSpan timeLimit, long heapBytes)
    {
        var limits = Limits(heapBytes);
        if (!Sandboxed)
            return "UNSANDBOXED: " + (_sandbox.Mode == SandboxMode.Off ? "the sandbox was turned off" : Sandbox.Unavailable) +
                   $". Each exercise ran in its own process (time limit {DescribeTime(timeLimit)}, heap {heapBytes >> 20} MB) " +
                   "with the grader's rights: files and network were not contained.";
        using var probe = _sandbox.UseCgroups ? Cgroup.TryCreate(limits.TotalMemoryBytes, limits.MaxTasks) : null;
        string memory = probe?.LimitsMemory == true ? "memory cgroup" : "watchdog on VmRSS";
        string tasks = probe?.LimitsTasks == true ? $"{limits.MaxTasks} tasks (pids cgroup)" : $"{limits.MaxProcesses} processes (watchdog)";
        return $"Sandboxed with bubblewrap: no network, read-only system, private /tmp of {limits.ScratchBytes >> 20} MB, no course or " +
               $"submission files visible; limits {DescribeTime(timeLimit)}, {limits.TotalMemoryBytes >> 20} MB in total ({memory}), " +
               $"{tasks}, {limits.MaxOpenFiles} open files, {limits.MaxOutputBytes >> 10} KB of output.";
    }

    static string DescribeTime(TimeSpan timeLimit) => OperatingSystem.IsLinux()
        ? $"{timeLimit.TotalSeconds:0.#} s of CPU time ({WallClockLimit(timeLimit).TotalSeconds:0.#} s on the clock)"
        : $"{timeLimit.TotalSeconds:0.#} s";

    SandboxLimits Limits(long heapBytes) => _sandbox.Limits ?? new SandboxLimits(heapBytes + 512L * 1024 * 1024);

    public async Task<WorkerOutcome> RunAsync(WorkerProtocol.Job job, TimeSpan timeLimit, long memoryLimitBytes)
    {
        var limits = Limits(memoryLimitBytes);
        bool sandboxed = Sandboxed;
        var wire = new WorkerProtocol.WireJob(job.Nonce, job.ExerciseId, await File.ReadAllBytesAsync(job.ExerciseAssembly).ConfigureAwait(false),
            job.SubjectKind, job.SubjectName, job.ParameterCount,
            sandboxed ? Path.Combine(Sandbox.LibDir, Path.GetFileName(job.CourseKitDll)) : job.CourseKitDll,
            job.CheckAssemblies.Select(File.ReadAllBytes).ToList(), limits.MaxOutputBytes);
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_GCHeapHardLimit"] = "0x" + memoryLimitBytes.ToString("x"),
            ["DOTNET_gcServer"] = "0",
            ["DOTNET_DbgEnableMiniDump"] = "0",
            ["DOTNET_EnableDiagnostics"] = "0", // no debugger/IPC socket in /tmp
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            // LibTorch (the TorchSharp build) on one thread, as Seed.Everything sets it in the notebooks: the same results
            // on every run, and no idle OpenMP threads spinning on the CPU-time limit. CourseKit's engine ignores it.
            ["OMP_NUM_THREADS"] = "1",
        };

        using var cgroup = sandboxed && _sandbox.UseCgroups ? Cgroup.TryCreate(limits.TotalMemoryBytes, limits.MaxTasks) : null;
        string[] workerArgs = ["worker", _token];
        var start = sandboxed
            ? Sandbox.StartInfo(DotnetHost.Path, typeof(Worker).Assembly.Location, _runtimeConfig.Value, job.CourseKitDll, workerArgs, environment, limits, cgroup)
            : DirectStart(workerArgs, environment);
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.WorkingDirectory = _workDirectory;

        var watch = Stopwatch.StartNew();
        using var process = LongLivedLauncher.Start(start) ?? throw new InvalidOperationException("could not start the grading worker");
        string? flood = null;
        void Kill()
        {
            if (sandboxed) ProcessTree.KillChildren(process.Id); // the pid namespace's init: everything inside dies with it
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already gone */ }
            ProcessTree.KillTree(process.Id);
            cgroup?.KillAll();
        }
        void Flood()
        {
            Interlocked.CompareExchange(ref flood, SandboxLimits.OutputLimitMessage(limits.MaxOutputBytes), null);
            Kill();
        }
        await using var watchdog = new ProcessWatchdog(process.Id, cgroup, limits, OperatingSystem.IsLinux() ? timeLimit : null, Kill);

        var results = new List<WorkerProtocol.Message>();
        List<WorkerProtocol.PlannedCheck>? plan = null;
        bool done = false;
        string? fatal = null, limit = null;
        string prefix = job.Nonce + " ";
        var readOut = ReadLinesAsync(process.StandardOutput.BaseStream, limits.MaxOutputBytes, Flood, line =>
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal)) return false; // anything else is not ours
            var message = JsonSerializer.Deserialize<WorkerProtocol.Message>(line[prefix.Length..], WorkerProtocol.Json);
            lock (results)
            {
                switch (message?.Type)
                {
                    case "plan": plan = message.Checks?.ToList(); break;
                    case "result": results.Add(message); break;
                    case "done": done = true; break;
                    case "fatal": fatal = message.Text; break;
                    case "limit": limit = message.Text; break;
                }
            }
            return true;
        });
        var stderr = new StringBuilder();
        var readErr = ReadLinesAsync(process.StandardError.BaseStream, limits.MaxOutputBytes, Flood, line =>
        {
            lock (stderr) if (stderr.Length < 16_000) stderr.Append(line).Append('\n');
            return false;
        });

        try
        {
            await process.StandardInput.WriteAsync(JsonSerializer.Serialize(wire, WorkerProtocol.Json)).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException) { /* the worker died before reading its job: its exit says why */ }

        bool timedOut = false;
        using (var cts = new CancellationTokenSource(WallClockLimit(timeLimit)))
        {
            try { await process.WaitForExitAsync(cts.Token).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                timedOut = true;
                Kill();
                await process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        // A grandchild holding the pipes open must not hang the grader: the sandbox's pid
        // namespace ends them all, but an unsandboxed worker's orphans may live on.
        cgroup?.KillAll();
        await Task.WhenAny(Task.WhenAll(readOut, readErr), Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        await watchdog.DisposeAsync().ConfigureAwait(false);
        string? timeLimitReason = watchdog.CpuLimitHit ? TimeLimitMessage(timeLimit, cpu: true) : timedOut ? TimeLimitMessage(timeLimit, cpu: false) : null;
        timedOut |= watchdog.CpuLimitHit;

        string? limitReason = limit ?? watchdog.Violation ?? Volatile.Read(ref flood)
            ?? (cgroup?.MemoryLimitHit == true ? SandboxLimits.MemoryLimitMessage(limits.TotalMemoryBytes) : null)
            ?? (cgroup?.TaskLimitHit == true ? SandboxLimits.ProcessLimitMessage(limits.MaxTasks) : null);
        lock (results)
        {
            var annotated = sandboxed ? results.Select(r => r with { Text = SandboxDiagnosis.Explain(r.Text, limits) }).ToList() : results.ToList();
            string err;
            lock (stderr) err = stderr.ToString();
            return new WorkerOutcome(plan, annotated, done && limitReason is null, fatal, timedOut && limitReason is null,
                timedOut ? null : process.ExitCode, err, watch.Elapsed, limitReason, timeLimitReason);
        }
    }

    ProcessStartInfo DirectStart(IEnumerable<string> workerArgs, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(DotnetHost.Path);
        foreach (var arg in new[] { "exec", "--runtimeconfig", _runtimeConfig.Value, typeof(Worker).Assembly.Location }.Concat(workerArgs))
            start.ArgumentList.Add(arg);
        foreach (var (k, v) in environment) start.Environment[k] = v;
        return start;
    }

    public static string NewNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// Reads a pipe as UTF-8 lines without ever holding more than one bounded line: a line the
    /// handler does not claim counts as the code's own output, and past <paramref name="cap"/>
    /// bytes of those <paramref name="onFlood"/> runs once; the pipe is still drained.
    /// </summary>
    static async Task ReadLinesAsync(Stream pipe, long cap, Action onFlood, Func<string, bool> handle)
    {
        var buffer = new byte[64 * 1024];
        var line = new MemoryStream();
        bool overlong = false, flooded = false;
        long foreign = 0;
        void Count(long n)
        {
            foreign += n;
            if (!flooded && foreign > cap) { flooded = true; onFlood(); }
        }
        void EndLine()
        {
            if (overlong) { overlong = false; line.SetLength(0); return; }
            string text = Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            line.SetLength(0);
            if (!handle(text)) Count(text.Length + 1);
        }
        try
        {
            int n;
            while ((n = await pipe.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                int from = 0;
                for (int i = 0; i < n; i++)
                {
                    if (buffer[i] != (byte)'\n') continue;
                    Append(from, i - from);
                    EndLine();
                    from = i + 1;
                }
                Append(from, n - from);
            }
            if (line.Length > 0 || overlong) EndLine();
        }
        catch (IOException) { /* the worker was killed mid-write */ }
        catch (ObjectDisposedException) { }

        void Append(int offset, int count)
        {
            if (count == 0) return;
            if (overlong || line.Length + count > MaxProtocolLine)
            {
                // Longer than any protocol message: the code's output, counted and dropped.
                if (!overlong) { Count(line.Length); line.SetLength(0); overlong = true; }
                Count(count);
                return;
            }
            line.Write(buffer, offset, count);
        }
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
