using System.Diagnostics;
using System.Globalization;

namespace CourseKit.Notebooks.Grading;

/// <summary>Whether the grader runs submissions in an OS sandbox.</summary>
public enum SandboxMode
{
    /// <summary>Sandboxed where Linux and bubblewrap allow it; otherwise unsandboxed, and the report says so.</summary>
    Auto,
    /// <summary>Refuse to grade when no sandbox can be had.</summary>
    Required,
    /// <summary>Never sandbox (a student grading their own work).</summary>
    Off,
}

/// <summary>The limits of one worker (one exercise's checks).</summary>
/// <param name="TotalMemoryBytes">All memory of the worker's processes: GC heap, native allocations, thread stacks, scratch files.</param>
/// <param name="MaxTasks">Processes and threads together, where a pids cgroup counts them.</param>
/// <param name="MaxProcesses">Processes, where only /proc can be watched.</param>
/// <param name="MaxOpenFiles">File handles (RLIMIT_NOFILE).</param>
/// <param name="ScratchBytes">Size of the private writable /tmp.</param>
/// <param name="MaxOutputBytes">What the code may print in total.</param>
public sealed record SandboxLimits(long TotalMemoryBytes, int MaxTasks = 128, int MaxProcesses = 32, int MaxOpenFiles = 256,
    long ScratchBytes = 64L * 1024 * 1024, long MaxOutputBytes = 1024 * 1024)
{
    internal static string ProcessLimitMessage(int n) =>
        $"Process limit exceeded: the code started more than {n} processes or threads (a fork bomb?). Exercises need none.";

    internal static string MemoryLimitMessage(long bytes) =>
        $"Memory limit exceeded: the code used more than {bytes / (1024 * 1024)} MB in total (native memory included).";

    internal static string OutputLimitMessage(long bytes) =>
        $"Output limit exceeded: the code printed more than {bytes / 1024} KB. Print less (a Console.Write in a loop?).";
}

/// <summary>Sandbox settings of a grader.</summary>
/// <param name="Mode">Auto, Required or Off.</param>
/// <param name="Limits">Per-worker limits; null derives them from the grader's heap limit.</param>
public sealed record SandboxOptions(SandboxMode Mode = SandboxMode.Auto, SandboxLimits? Limits = null)
{
    /// <summary>Whether to use cgroups where they can be had (off: the /proc watchdog alone, which the tests prove too).</summary>
    public bool UseCgroups { get; init; } = true;

    /// <summary>Sandboxed where possible, default limits.</summary>
    public static SandboxOptions Default { get; } = new();
}

/// <summary>
/// Builds the command that starts a worker inside bubblewrap on Linux: new user, pid, network,
/// IPC, UTS and cgroup namespaces (no network at all, only the worker's own processes visible),
/// no capabilities, a read-only root holding only /usr, the .NET runtime, the worker assembly
/// and the CourseKit library, a private size-limited tmpfs as the only writable place, and the
/// rlimits and cgroup set by a small /bin/sh prologue before bubblewrap starts. Nothing of the
/// course — notebooks, solutions, check sources or assemblies, other submissions, the output
/// folder — is mounted: the exercise and check assemblies arrive as bytes on stdin.
/// </summary>
internal static class Sandbox
{
    /// <summary>Where the worker's files appear inside the sandbox.</summary>
    public const string GraderDir = "/grader";
    public const string LibDir = "/grader/lib";
    public const string Scratch = "/tmp";

    static readonly Lazy<string?> s_bwrap = new(ProbeBubblewrap);

    /// <summary>Why no sandbox can be had here, or null when it can.</summary>
    public static string? Unavailable =>
        !OperatingSystem.IsLinux() ? $"no OS sandbox on {System.Runtime.InteropServices.RuntimeInformation.OSDescription} (bubblewrap needs Linux)"
        : s_bwrap.Value is null ? "bubblewrap (bwrap) is missing or cannot create namespaces here; install it with 'apt-get install bubblewrap'"
        : null;

    static string? ProbeBubblewrap()
    {
        string? bwrap = (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':')
            .Select(d => Path.Combine(d, "bwrap")).FirstOrDefault(File.Exists);
        if (bwrap is null) return null;
        // Namespaces may be forbidden (a container without user namespaces): try once.
        var probe = new ProcessStartInfo(bwrap) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in BaseArguments(null, 1 << 20).Concat(["--", "/usr/bin/true"])) probe.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(probe)!;
            if (!p.WaitForExit(10_000)) { p.Kill(true); return null; }
            return p.ExitCode == 0 ? bwrap : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    /// <summary>
    /// The start info of a sandboxed worker: /bin/sh joins the cgroup and sets the rlimits (so
    /// every process after it inherits them), then execs bubblewrap, which execs the worker.
    /// </summary>
    public static ProcessStartInfo StartInfo(string dotnetHost, string workerAssembly, string runtimeConfig, string courseKitDll,
        IEnumerable<string> workerArguments, IReadOnlyDictionary<string, string> environment, SandboxLimits limits, Cgroup? cgroup)
    {
        string hostReal = Path.GetFullPath(new FileInfo(dotnetHost).ResolveLinkTarget(true)?.FullName ?? dotnetHost);
        string dotnetRoot = Path.GetDirectoryName(hostReal)!;
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        string joins = string.Concat((cgroup?.ProcsFiles ?? []).Select(f => $"echo $$ > '{f}' && "));
        // -n open files, -c no core files; the rest (tasks, memory) is the cgroup's or the watchdog's.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"{joins}ulimit -n {limits.MaxOpenFiles} && ulimit -c 0 && exec \"$@\"");
        start.ArgumentList.Add("coursekit-sandbox");
        start.ArgumentList.Add(s_bwrap.Value!);
        foreach (var a in BaseArguments(dotnetRoot, limits.ScratchBytes)) start.ArgumentList.Add(a);
        string worker = Path.Combine(GraderDir, Path.GetFileName(workerAssembly));
        string config = Path.Combine(GraderDir, "worker.runtimeconfig.json");
        foreach (var a in new[]
                 {
                     "--ro-bind", workerAssembly, worker,
                     "--ro-bind", runtimeConfig, config,
                     "--ro-bind", Path.GetDirectoryName(Path.GetFullPath(courseKitDll))!, LibDir,
                     "--remount-ro", "/",
                     "--chdir", Scratch,
                     "--clearenv",
                     "--setenv", "HOME", Scratch, "--setenv", "TMPDIR", Scratch, "--setenv", "PATH", "/usr/bin:/bin",
                 })
            start.ArgumentList.Add(a);
        foreach (var (k, v) in environment)
        {
            start.ArgumentList.Add("--setenv");
            start.ArgumentList.Add(k);
            start.ArgumentList.Add(v);
        }
        foreach (var a in new[] { "--", Path.Combine(dotnetRoot, Path.GetFileName(hostReal)), "exec", "--runtimeconfig", config, worker }.Concat(workerArguments))
            start.ArgumentList.Add(a);
        return start;
    }

    /// <summary>Namespaces and the read-only system view; <paramref name="dotnetRoot"/> is mounted when it lies outside /usr.</summary>
    static IEnumerable<string> BaseArguments(string? dotnetRoot, long scratchBytes)
    {
        yield return "--unshare-all";          // user, pid, net, ipc, uts, cgroup: no network, own pid 1
        yield return "--die-with-parent";      // the grader's death (or kill) ends the sandbox
        yield return "--new-session";          // no ioctl into the grader's terminal
        yield return "--cap-drop"; yield return "ALL";
        yield return "--ro-bind"; yield return "/usr"; yield return "/usr";
        foreach (var top in new[] { "/bin", "/sbin", "/lib", "/lib64", "/lib32" })
        {
            var info = new FileInfo(top);
            if (info.LinkTarget is { } target) { yield return "--symlink"; yield return target; yield return top; }
            else if (Directory.Exists(top)) { yield return "--ro-bind"; yield return top; yield return top; }
        }
        // The dynamic loader's cache (public, speeds up loading ICU); /etc is otherwise absent.
        if (File.Exists("/etc/ld.so.cache")) { yield return "--ro-bind"; yield return "/etc/ld.so.cache"; yield return "/etc/ld.so.cache"; }
        if (dotnetRoot is not null && !dotnetRoot.StartsWith("/usr/", StringComparison.Ordinal))
        {
            yield return "--ro-bind"; yield return dotnetRoot; yield return dotnetRoot;
        }
        yield return "--proc"; yield return "/proc";
        yield return "--dev"; yield return "/dev";
        yield return "--size"; yield return scratchBytes.ToString(CultureInfo.InvariantCulture);
        yield return "--tmpfs"; yield return Scratch;
    }
}
