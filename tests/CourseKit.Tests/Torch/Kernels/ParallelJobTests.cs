using CourseKit.Torch.Kernels;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// The kernels' fork-join: every part runs exactly once per call, a helper thread takes some when the machine has
/// a second core, a part's exception reaches the caller and the next call still works, and several threads calling
/// at once (the helpers busy with one caller's job) all finish.
/// </summary>
public class ParallelJobTests
{
    sealed class CountingJob : ParallelJob
    {
        public int[] Runs = [];
        public int[] Threads = [];
        public int Throwing = -1;
        public int SpinIterations = 200_000;

        public void Go(int parts, int threads)
        {
            Runs = new int[parts];
            Threads = new int[parts];
            Execute(parts, threads);
        }

        protected override void RunPart(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            Threads[part] = Environment.CurrentManagedThreadId;
            double x = 1;
            for (int i = 0; i < SpinIterations; i++) x = x * 1.0000001 + 1e-9;
            if (x == 0) throw new InvalidOperationException("unreachable");
            if (part == Throwing) throw new InvalidOperationException($"part {part} failed");
        }
    }

    [Fact]
    public void Every_part_runs_once_and_a_second_core_helps()
    {
        var job = new CountingJob();
        bool helped = false;
        for (int call = 0; call < 50; call++)
        {
            job.Go(parts: 8, threads: 4);
            Assert.All(job.Runs, runs => Assert.Equal(1, runs));
            helped |= job.Threads.Any(t => t != Environment.CurrentManagedThreadId);
        }
        if (Environment.ProcessorCount > 1) Assert.True(helped, "no part of 50 calls ran on a helper thread");
    }

    [Fact]
    public void A_failing_part_throws_to_the_caller_and_the_job_stays_usable()
    {
        var job = new CountingJob { Throwing = 3 };
        var error = Assert.Throws<InvalidOperationException>(() => job.Go(parts: 6, threads: 2));
        Assert.Equal("part 3 failed", error.Message);
        Assert.All(job.Runs, runs => Assert.Equal(1, runs));
        job.Throwing = -1;
        job.Go(parts: 6, threads: 2);
        Assert.All(job.Runs, runs => Assert.Equal(1, runs));
    }

    [Fact]
    public void Several_callers_at_once_all_finish()
    {
        string? failure = null;
        var callers = Enumerable.Range(0, 4).Select(_ => new Thread(() =>
        {
            try
            {
                var job = new CountingJob { SpinIterations = 20_000 };
                for (int call = 0; call < 200; call++)
                {
                    job.Go(parts: 3, threads: 3);
                    if (job.Runs.Any(r => r != 1)) failure = "a part ran twice or not at all";
                }
            }
            catch (Exception e)
            {
                failure = e.ToString();
            }
        })).ToArray();
        foreach (var t in callers) t.Start();
        foreach (var t in callers) Assert.True(t.Join(TimeSpan.FromSeconds(60)), "a caller did not finish within a minute");
        Assert.Null(failure);
    }
}
