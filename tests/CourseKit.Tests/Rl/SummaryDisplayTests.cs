using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

public class SummaryDisplayTests
{
    [Fact]
    public void EvaluationsTrajectoriesAndSelfChecksRenderAsHtml()
    {
        var env = CourseKit.Envs.Gym.Make("CartPole-v1");
        var eval = Evaluation.Evaluate(_ => 0, env, episodes: 3, seed: 0);
        Assert.True(CourseKit.Display.Formatting.TryFormat(eval, CourseKit.Display.MimeTypes.Html, out var html));
        Assert.Contains("<table", html);
        Assert.Contains(eval.Mean.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), html);

        var traj = Rollouts.SampleTrajectory(env, _ => 1, 500, seed: 0);
        Assert.True(CourseKit.Display.Formatting.TryFormat(traj, CourseKit.Display.MimeTypes.Html, out var th));
        Assert.Contains($"{traj.Length} steps", th);
        Assert.Contains("terminated", th);

        var report = new CourseKit.Checks.SelfCheckReport("x.y", [new CourseKit.Checks.CheckResult("works", 1, false, "expected <1>, got 2")]);
        Assert.True(CourseKit.Display.Formatting.TryFormat(report, CourseKit.Display.MimeTypes.Html, out var rh));
        Assert.Contains("✘ works: expected &lt;1&gt;, got 2", rh);
    }
}
