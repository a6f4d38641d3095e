using System.Collections.Concurrent;
using System.Diagnostics;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Starts processes from one thread that lives as long as this process. bubblewrap's
/// <c>--die-with-parent</c> (PR_SET_PDEATHSIG) fires when the THREAD that forked it ends, not
/// the process: started from a thread-pool thread, a sandbox was killed (exit 137) whenever the
/// pool retired that thread, about 20 s after it went idle, in the middle of a student's checks.
/// </summary>
internal static class LongLivedLauncher
{
    static readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process?> Done)> Queue = new();

    static LongLivedLauncher()
    {
        var thread = new Thread(() =>
        {
            foreach (var (start, done) in Queue.GetConsumingEnumerable())
            {
                try { done.SetResult(Process.Start(start)); }
                catch (Exception e) { done.SetException(e); }
            }
        }) { IsBackground = true, Name = "coursekit process launcher" };
        thread.Start();
    }

    /// <summary>Starts <paramref name="start"/> on the launcher thread (as <see cref="Process.Start(ProcessStartInfo)"/> does).</summary>
    public static Process? Start(ProcessStartInfo start)
    {
        var done = new TaskCompletionSource<Process?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Queue.Add((start, done));
        return done.Task.GetAwaiter().GetResult();
    }
}
