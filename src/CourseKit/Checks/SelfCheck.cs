using System.Reflection;
using System.Text;

namespace CourseKit.Checks;

/// <summary>
/// The notebook's self-check cell: runs an exercise's visible checks against the student's code
/// and prints a pass/fail line per check with what was expected.
/// Each visible check class exposes a typed <c>Run</c> for the notebook
/// (<c>DiscountedReturnsChecks.Run(DiscountedReturns);</c>): a method declared in an earlier
/// submission has no natural delegate type in Roslyn scripting, so it must meet a typed parameter.
/// </summary>
public static class SelfCheck
{
    /// <summary>Runs the visible checks of <paramref name="exerciseId"/> on a method and prints the results.</summary>
    /// <param name="exerciseId">The id on the exercise cell's first line.</param>
    /// <param name="method">The method the exercise cell defines (as a typed delegate).</param>
    public static SelfCheckReport Run(string exerciseId, Delegate method) => RunSubject(exerciseId, method);

    /// <summary>Runs the visible checks of a class exercise (pass <c>typeof(YourClass)</c>) and prints the results.</summary>
    public static SelfCheckReport Run(string exerciseId, Type type) => RunSubject(exerciseId, type);

    /// <summary>
    /// How much CPU time one visible check may use in the notebook before it is reported as not
    /// finishing. CPU time, not the clock: a laptop busy with other work slows a check without
    /// failing it. The clock still ends a check that waits without working, at 3 × the limit + 10 s.
    /// </summary>
    public static TimeSpan TimeLimit { get; set; } = TimeSpan.FromSeconds(20);

    // A check runs on its own thread so an infinite loop in a student's cell ends as a ✘, not as a hung
    // notebook. The stuck thread cannot be stopped; the message says to restart the kernel. The CPU time
    // counted is the check thread's own (Linux, /proc); elsewhere the whole process's.
    internal static CheckResult RunWithTimeLimit(CheckCase check, TimeSpan limit)
    {
        CheckResult? result = null;
        int threadId = 0;
        var thread = new Thread(() => { Volatile.Write(ref threadId, OsThreadId()); result = check.Run(); })
            { IsBackground = true, Name = "self-check " + check.Name };
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        TimeSpan processAtStart = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        TimeSpan wallLimit = limit * 3 + TimeSpan.FromSeconds(10);
        thread.Start();
        while (!thread.Join(TimeSpan.FromMilliseconds(100)))
        {
            TimeSpan cpu;
            int id = Volatile.Read(ref threadId);
            if (id > 0 && ThreadCpuTime(id) is { } own) cpu = own;
            else { process.Refresh(); cpu = process.TotalProcessorTime - processAtStart; }
            bool cpuSpent = cpu > limit;
            if (!cpuSpent && clock.Elapsed < wallLimit) continue;
            string why = cpuSpent
                ? $"did not finish within {limit.TotalSeconds:0} s of CPU time (an infinite loop, or far too much work)"
                : $"did not finish within {wallLimit.TotalSeconds:0} s while using little CPU time (is it waiting for something?)";
            return new CheckResult(check.Name, check.Weight, false,
                why + ". The check is still running in the background: restart the kernel before running more cells.");
        }
        return result ?? new CheckResult(check.Name, check.Weight, false, "the check ended without a result (a course problem: tell your instructor).");
    }

    /// <summary>The calling thread's id in the OS (Linux: read from /proc/thread-self), or 0 where it cannot be read.</summary>
    static int OsThreadId()
    {
        if (!OperatingSystem.IsLinux()) return 0;
        try { return int.TryParse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget), out int id) ? id : 0; }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    /// <summary>User + system CPU time of one thread of this process (Linux), or null when it cannot be read.</summary>
    static TimeSpan? ThreadCpuTime(int threadId)
    {
        try
        {
            // Fields 14 and 15 of stat (utime, stime) in USER_HZ, 100 per second on Linux; comm may hold spaces, so split after ')'.
            string stat = File.ReadAllText($"/proc/self/task/{threadId}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return TimeSpan.FromMilliseconds((long.Parse(fields[11]) + long.Parse(fields[12])) * 10);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    static SelfCheckReport RunSubject(string exerciseId, object subject)
    {
        var cases = CheckRunner.Discover(exerciseId, subject, [typeof(SelfCheck).Assembly]);
        var results = cases.Select(c => RunWithTimeLimit(c, TimeLimit)).ToList();
        var report = new SelfCheckReport(exerciseId, results);
        Console.WriteLine(report.ToString());
        return report;
    }
}

/// <summary>The results of a self-check run.</summary>
/// <param name="ExerciseId">The exercise checked.</param>
/// <param name="Results">One result per visible check.</param>
[CourseKit.Display.TypeFormatterSource(typeof(CourseKit.Display.DisplayFormatterSource), PreferredMimeTypes = [CourseKit.Display.MimeTypes.Html])]
public sealed record SelfCheckReport(string ExerciseId, IReadOnlyList<CheckResult> Results) : CourseKit.Display.IHtmlDisplayable
{
    /// <summary>The report as a short HTML list: a green tick or a red cross per check, with its message.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<div class=\"coursekit-selfcheck\" style=\"font-family:monospace\">");
        int passed = Results.Count(r => r.Passed);
        sb.Append($"<b>{CourseKit.Display.Html.Escape(ExerciseId)}</b>: {passed}/{Results.Count} checks passed");
        foreach (var r in Results)
            sb.Append(r.Passed
                ? $"<div style=\"color:#1a7f37\">✔ {CourseKit.Display.Html.Escape(r.Name)}</div>"
                : $"<div style=\"color:#cf222e\">✘ {CourseKit.Display.Html.Escape(r.Name)}: {CourseKit.Display.Html.Escape(r.Message)}</div>");
        return sb.Append("</div>").ToString();
    }

    /// <summary>True when there are checks and all passed.</summary>
    public bool AllPassed => Results.Count > 0 && Results.All(r => r.Passed);

    /// <summary>One summary line, then one line per check.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Results.Count == 0)
            return $"{ExerciseId}: no visible checks found (is the exercise id spelled as on the cell's first line?)";
        int passed = Results.Count(r => r.Passed);
        sb.Append($"{ExerciseId}: {passed}/{Results.Count} checks passed{(AllPassed ? " ✔" : "")}");
        foreach (var r in Results)
            sb.Append('\n').Append(r.Passed ? $"  ✔ {r.Name}" : $"  ✘ {r.Name}: {r.Message}");
        return sb.ToString();
    }
}
