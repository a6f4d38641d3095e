using System.Runtime.InteropServices;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Watches one worker while it runs and ends it the moment it breaks a limit, naming the limit.
/// With a <see cref="Cgroup"/> the kernel enforces memory and tasks and this only reads its
/// counters (a fork bomb is refused by the kernel, but would sit refused until the time limit:
/// ending it at once frees the machine for the other students). Without one it polls /proc:
/// the resident memory summed over the worker's process tree and the tree's process count.
/// On Linux it also sums the tree's CPU time and ends the worker when it passes the exercise's
/// CPU limit: a busy grading machine slows a worker's wall clock, not the work it does, so a
/// correct answer is never failed because other students were graded beside it.
/// </summary>
internal sealed class ProcessWatchdog : IAsyncDisposable
{
    static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;
    string? _violation;
    int _cpuLimitHit;
    int _disposed;

    /// <summary>Watches <paramref name="rootPid"/>'s tree; <paramref name="cpuLimit"/> null measures no CPU time.</summary>
    public ProcessWatchdog(int rootPid, Cgroup? cgroup, SandboxLimits limits, TimeSpan? cpuLimit, Action kill)
    {
        bool measureCpu = cpuLimit is not null && OperatingSystem.IsLinux();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(Period);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    if (measureCpu && ProcessTree.CpuTime(ProcessTree.Descendants(rootPid)) > cpuLimit)
                    {
                        Interlocked.Exchange(ref _cpuLimitHit, 1);
                        kill();
                        return;
                    }
                    string? violation = Check(rootPid, cgroup, limits);
                    if (violation is null) continue;
                    Interlocked.CompareExchange(ref _violation, violation, null);
                    kill();
                    return;
                }
            }
            catch (OperationCanceledException) { }
        });
    }

    /// <summary>The limit the worker broke, as a sentence for the student, or null.</summary>
    public string? Violation => Volatile.Read(ref _violation);

    /// <summary>True when the worker was ended for using more CPU time than its limit.</summary>
    public bool CpuLimitHit => Volatile.Read(ref _cpuLimitHit) == 1;

    static string? Check(int rootPid, Cgroup? cgroup, SandboxLimits limits)
    {
        if (cgroup?.TaskLimitHit == true) return SandboxLimits.ProcessLimitMessage(limits.MaxTasks);
        if (cgroup?.MemoryLimitHit == true) return SandboxLimits.MemoryLimitMessage(limits.TotalMemoryBytes);
        if (cgroup is { LimitsMemory: true, LimitsTasks: true } || !OperatingSystem.IsLinux()) return null;

        var tree = ProcessTree.Descendants(rootPid);
        if (cgroup?.LimitsTasks != true && tree.Count > limits.MaxProcesses) return SandboxLimits.ProcessLimitMessage(limits.MaxProcesses);
        if (cgroup?.LimitsMemory != true && tree.Sum(ProcessTree.ResidentBytes) > limits.TotalMemoryBytes)
            return SandboxLimits.MemoryLimitMessage(limits.TotalMemoryBytes);
        return null;
    }

    /// <summary>Stops watching (idempotent).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _loop.ConfigureAwait(false);
        _stop.Dispose();
    }
}

/// <summary>The process tree under a pid, read from /proc (Linux only).</summary>
internal static class ProcessTree
{
    /// <summary><paramref name="rootPid"/> and every process descended from it that is still alive.</summary>
    public static List<int> Descendants(int rootPid)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid)) continue;
            int parent = ParentOf(pid);
            if (parent <= 0) continue;
            if (!children.TryGetValue(parent, out var list)) children[parent] = list = [];
            list.Add(pid);
        }
        var result = new List<int> { rootPid };
        for (int i = 0; i < result.Count; i++)
            if (children.TryGetValue(result[i], out var kids)) result.AddRange(kids);
        return result;
    }

    static int ParentOf(int pid)
    {
        try
        {
            // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so split after the last ')'.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return -1;
        }
    }

    /// <summary>
    /// CPU time (user + system) used by these processes and by their children that have ended and
    /// been waited for. Processes already gone count as nothing, so the sum only ever undercounts.
    /// </summary>
    public static TimeSpan CpuTime(IEnumerable<int> pids)
    {
        long ticks = 0;
        foreach (int pid in pids)
        {
            try
            {
                // Fields 14-17 of /proc/<pid>/stat (utime stime cutime cstime) in USER_HZ, 100 per second on Linux.
                string stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                for (int i = 11; i <= 14; i++) ticks += long.Parse(fields[i]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException) { }
        }
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    /// <summary>VmRSS of a process in bytes (0 when it is gone).</summary>
    public static long ResidentBytes(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }

    /// <summary>
    /// Kills the direct children of <paramref name="pid"/>. For bubblewrap that is the init of
    /// the sandbox's pid namespace, and its death makes the kernel kill every process in the
    /// namespace at once — the only kill a fork bomb cannot outrun by forking.
    /// </summary>
    public static void KillChildren(int pid)
    {
        if (!OperatingSystem.IsLinux()) return;
        string children = $"/proc/{pid}/task/{pid}/children";
        IEnumerable<int> kids;
        try { kids = File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { kids = Descendants(pid).Skip(1).Where(p => ParentOf(p) == pid).ToList(); }
        foreach (int kid in kids) Signals.Kill(kid);
    }

    /// <summary>Kills every process of the tree, leaves first (so none is re-parented away from us first).</summary>
    public static void KillTree(int rootPid)
    {
        if (!OperatingSystem.IsLinux()) return;
        for (int round = 0; round < 20; round++)
        {
            var tree = Descendants(rootPid).Where(p => Directory.Exists($"/proc/{p}")).ToList();
            if (tree.Count == 0 || (tree.Count == 1 && !Directory.Exists($"/proc/{rootPid}"))) return;
            foreach (int pid in Enumerable.Reverse(tree)) Signals.Kill(pid);
            Thread.Sleep(10);
        }
    }
}

/// <summary>SIGKILL by pid, for processes <see cref="System.Diagnostics.Process"/> does not know.</summary>
internal static partial class Signals
{
    const int SigKill = 9;

    public static void Kill(int pid)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) _ = kill(pid, SigKill);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int kill(int pid, int signal);
}
