using CourseKit.Checks;

namespace CourseKit.Tests.Checks;

/// <summary>Off Linux the limit counts the whole process's CPU time, so these run with no other test beside them.</summary>
[CollectionDefinition(nameof(SelfCheckTimeLimitTests), DisableParallelization = true)]
public sealed class SelfCheckTimeLimitCollection;

[Collection(nameof(SelfCheckTimeLimitTests))]
public class SelfCheckTimeLimitTests
{
    static readonly TimeSpan Limit = TimeSpan.FromSeconds(1);

    [Fact]
    public void A_check_that_finishes_keeps_its_verdict()
    {
        var result = SelfCheck.RunWithTimeLimit(new CheckCase("quick", 1, () => new CheckResult("quick", 1, true, "")), Limit);
        Assert.True(result.Passed);
    }

    [Fact]
    public void A_busy_loop_is_stopped_by_its_cpu_time()
    {
        var stop = new ManualResetEventSlim();
        try
        {
            var result = SelfCheck.RunWithTimeLimit(new CheckCase("spins", 1, () => { while (!stop.IsSet) { } return new CheckResult("spins", 1, true, ""); }), Limit);
            Assert.False(result.Passed);
            Assert.Contains("of CPU time", result.Message);
            Assert.Contains("restart the kernel", result.Message);
        }
        finally { stop.Set(); }   // let the abandoned thread end, so it does not load the other tests
    }

    [Fact]
    public void A_check_that_waits_without_working_is_stopped_by_the_clock()
    {
        var stop = new ManualResetEventSlim();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = SelfCheck.RunWithTimeLimit(new CheckCase("waits", 1, () => { stop.Wait(); return new CheckResult("waits", 1, true, ""); }), Limit);
            Assert.False(result.Passed);
            Assert.Contains("little CPU time", result.Message);
            Assert.True(clock.Elapsed >= Limit * 3 + TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(200), $"stopped after {clock.Elapsed}");
        }
        finally { stop.Set(); }
    }
}
