namespace CourseKit.Notebooks.Grading;

/// <summary>
/// A private control group for one worker: a memory limit that counts native memory and
/// tmpfs pages as well as the GC heap, and a task limit that, unlike RLIMIT_NPROC, binds root.
/// Both cgroup v1 (one hierarchy per controller) and v2 (one unified hierarchy) are handled;
/// where neither can be written (no root, no delegation) <see cref="TryCreate"/> returns null
/// and <see cref="ProcessWatchdog"/> polices the limits from /proc instead.
/// </summary>
internal sealed class Cgroup : IDisposable
{
    const string Root = "/sys/fs/cgroup";
    readonly bool _v2;
    readonly string? _memory, _pids;

    Cgroup(bool v2, string? memory, string? pids)
    {
        _v2 = v2;
        _memory = memory;
        _pids = pids;
    }

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid into to join this group (one per hierarchy).</summary>
    public IReadOnlyList<string> ProcsFiles => new[] { _memory, _pids }.OfType<string>().Distinct().Select(d => Path.Combine(d, "cgroup.procs")).ToList();

    /// <summary>True when the memory limit is enforced by the kernel.</summary>
    public bool LimitsMemory => _memory is not null;

    /// <summary>True when the task limit is enforced by the kernel.</summary>
    public bool LimitsTasks => _pids is not null;

    /// <summary>A new group with the limits, or null when this machine gives us none.</summary>
    public static Cgroup? TryCreate(long memoryBytes, int maxTasks)
    {
        if (!OperatingSystem.IsLinux()) return null;
        string name = "coursekit-" + Guid.NewGuid().ToString("N")[..12];
        try
        {
            return File.Exists(Path.Combine(Root, "cgroup.controllers")) ? CreateV2(name, memoryBytes, maxTasks) : CreateV1(name, memoryBytes, maxTasks);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    static Cgroup? CreateV1(string name, long memoryBytes, int maxTasks)
    {
        string? memory = NewChild("memory", name), pids = NewChild("pids", name);
        if (memory is not null)
        {
            File.WriteAllText(Path.Combine(memory, "memory.limit_in_bytes"), memoryBytes.ToString());
            // Without this the kernel would swap the excess out instead of stopping it.
            string swap = Path.Combine(memory, "memory.memsw.limit_in_bytes");
            if (File.Exists(swap)) TryWrite(swap, memoryBytes.ToString());
        }
        if (pids is not null) File.WriteAllText(Path.Combine(pids, "pids.max"), maxTasks.ToString());
        return memory is null && pids is null ? null : new Cgroup(false, memory, pids);
    }

    static string? NewChild(string controller, string name)
    {
        string mount = Path.Combine(Root, controller);
        if (!File.Exists(Path.Combine(mount, "cgroup.procs"))) return null;
        string? own = OwnPath(controller);
        if (own is null) return null;
        string dir = Path.Combine(mount + own.TrimEnd('/'), name);
        try { Directory.CreateDirectory(dir); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return null; }
        return File.Exists(Path.Combine(dir, "cgroup.procs")) ? dir : null;
    }

    static Cgroup? CreateV2(string name, long memoryBytes, int maxTasks)
    {
        string? own = OwnPath("");
        if (own is null) return null;
        string parent = Root + own.TrimEnd('/');
        // A v2 group can only hand controllers to children it enables them for, and a group that
        // holds processes may not (the "no internal processes" rule): this works where the grader
        // was given a delegated subtree, and fails politely elsewhere.
        string enabled = File.ReadAllText(Path.Combine(parent, "cgroup.subtree_control"));
        foreach (var c in new[] { "memory", "pids" }.Where(c => !enabled.Contains(c)))
            TryWrite(Path.Combine(parent, "cgroup.subtree_control"), "+" + c);
        string dir = Path.Combine(parent, name);
        Directory.CreateDirectory(dir);
        bool memory = TryWrite(Path.Combine(dir, "memory.max"), memoryBytes.ToString());
        if (memory) TryWrite(Path.Combine(dir, "memory.swap.max"), "0");
        bool pids = TryWrite(Path.Combine(dir, "pids.max"), maxTasks.ToString());
        if (!memory && !pids)
        {
            TryDelete(dir);
            return null;
        }
        return new Cgroup(true, memory ? dir : null, pids ? dir : null);
    }

    /// <summary>Our own group in a hierarchy, from /proc/self/cgroup ("" selects the v2 line).</summary>
    static string? OwnPath(string controller)
    {
        foreach (var line in File.ReadAllLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length == 3 && parts[1].Split(',').Contains(controller)) return parts[2];
        }
        return null;
    }

    /// <summary>True once the kernel killed a process of the group for exceeding the memory limit.</summary>
    public bool MemoryLimitHit =>
        _memory is not null && Counter(Path.Combine(_memory, _v2 ? "memory.events" : "memory.oom_control"), "oom_kill") > 0;

    /// <summary>True once a fork or thread creation was refused for the task limit.</summary>
    public bool TaskLimitHit => _pids is not null && Counter(Path.Combine(_pids, "pids.events"), "max") > 0;

    /// <summary>The most memory the group used, in bytes (0 when unknown).</summary>
    public long PeakMemoryBytes => _memory is null ? 0 : ReadLong(Path.Combine(_memory, _v2 ? "memory.peak" : "memory.max_usage_in_bytes"));

    /// <summary>Kills every process of the group until none is left.</summary>
    public void KillAll()
    {
        foreach (var dir in new[] { _memory, _pids }.OfType<string>().Distinct())
        {
            if (_v2 && TryWrite(Path.Combine(dir, "cgroup.kill"), "1")) { WaitEmpty(dir); continue; }
            for (int round = 0; round < 200; round++)
            {
                var pids = Members(dir);
                if (pids.Count == 0) break;
                foreach (int pid in pids) Signals.Kill(pid);
                Thread.Sleep(10);
            }
        }
    }

    static void WaitEmpty(string dir)
    {
        for (int round = 0; round < 200 && Members(dir).Count > 0; round++) Thread.Sleep(10);
    }

    static List<int> Members(string dir)
    {
        try { return File.ReadAllLines(Path.Combine(dir, "cgroup.procs")).Select(int.Parse).ToList(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { return []; }
    }

    /// <summary>Kills what is left and removes the group.</summary>
    public void Dispose()
    {
        KillAll();
        foreach (var dir in new[] { _memory, _pids }.OfType<string>().Distinct()) TryDelete(dir);
    }

    static void TryDelete(string dir)
    {
        // rmdir of a cgroup fails while the kernel still counts an exiting task: retry briefly.
        for (int i = 0; i < 50; i++)
        {
            try { Directory.Delete(dir); return; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { Thread.Sleep(20); }
        }
    }

    static bool TryWrite(string path, string value)
    {
        try { File.WriteAllText(path, value); return true; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    static long Counter(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split(' ', 2);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], out long v)) return v;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        return 0;
    }

    static long ReadLong(string file)
    {
        try { return long.TryParse(File.ReadAllText(file).Trim(), out long v) ? v : 0; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }
}
