using CourseKit.Envs;
using CourseKit.Rl;
using CourseKit.Torch;

namespace CourseKit.Tests.Rl;

public class RolloutTests
{
    [Fact]
    public void TrajectoryStopsAtTerminationAndMarksOnlyTheTerminalStep()
    {
        var env = Gym.Make("CartPole-v1");
        var t = Rollouts.SampleTrajectory(env, _ => 1, maxLength: 500, seed: 0);   // always push right: falls quickly
        Assert.InRange(t.Length, 5, 60);
        Assert.True(t.Terminals[^1]);
        Assert.All(t.Terminals[..^1], Assert.False);
        Assert.False(t.Truncated);
        for (int i = 0; i + 1 < t.Length; i++) Assert.Equal(t.NextObservations[i], t.Observations[i + 1]);
        Assert.Equal(t.Length, t.Return);
    }

    [Fact]
    public void MaxLengthEndsARolloutWithoutCallingItTerminal()
    {
        var env = Gym.Make("CartPole-v1");
        var t = Rollouts.SampleTrajectory(env, o => o[2] + o[3] > 0 ? 1 : 0, maxLength: 7, seed: 1);
        Assert.Equal(7, t.Length);
        Assert.True(t.Truncated);
        Assert.DoesNotContain(true, t.Terminals);
    }

    [Fact]
    public void TimeLimitTruncationIsNotTerminal()
    {
        var env = Gym.Make("CartPole-v1", maxEpisodeSteps: 20);
        var t = Rollouts.SampleTrajectory(env, o => o[2] + o[3] > 0 ? 1 : 0, maxLength: 1000, seed: 2);
        Assert.Equal(20, t.Length);
        Assert.True(t.Truncated);
        Assert.False(t.Terminals[^1]);
    }

    [Fact]
    public void BatchesOfRolloutsReachTheirSizes()
    {
        var env = Gym.Make("CartPole-v1");
        var many = Rollouts.SampleTrajectories(env, _ => 0, minTimesteps: 100, maxLength: 50, seed: 3);
        Assert.True(many.Sum(t => t.Length) >= 100);
        Assert.True(many.Take(many.Count - 1).Sum(t => t.Length) < 100);
        Assert.Equal(4, Rollouts.SampleNTrajectories(env, _ => 0, 4, 50, seed: 3).Count);
    }

    [Fact]
    public void EvaluationIsReproducibleWithASeedAndReportsStatistics()
    {
        var env = Gym.Make("CartPole-v1");
        Func<float[], int> controller = o => o[2] * 18 + o[3] * 3 + o[1] * 1.5f + o[0] > 0 ? 1 : 0;
        var a = Evaluation.Evaluate(controller, env, episodes: 5, seed: 10);
        var b = Evaluation.Evaluate(controller, env, episodes: 5, seed: 10);
        Assert.Equal(a.Returns, b.Returns);
        Assert.Equal(a.Returns.Average(), a.Mean);
        Assert.True(a.Max <= 500);
        Assert.Contains("5 episodes", a.ToString());
    }

    [Fact]
    public void GaussianPolicyRoundTripsThroughDataFilesAndActsDeterministically()
    {
        torch.manual_seed(4);
        var dir = Directory.CreateTempSubdirectory();
        var spec = new GaussianPolicySpec { Env = "Pendulum-v1", ObsDim = 3, ActDim = 1, NLayers = 2, Size = 16, ObsMean = [0.1f, 0.2f, 0.3f], ObsStd = [1f, 2f, 4f] };
        var p = new GaussianPolicy(spec);
        var obs = new float[] { 0.5f, -0.5f, 1.0f };
        var expected = p.GetAction(obs);
        var path = Path.Combine(dir.FullName, "expert.safetensors");
        p.Save(path, measuredReturn: -150);
        var q = GaussianPolicy.Load(path);
        Assert.Equal(expected, q.GetAction(obs));
        Assert.Equal(-150, q.Spec.ExpertReturn);
        Assert.Equal(new long[] { 5, 1 }, q.forward(torch.zeros(5, 3)).shape);
        // The normalisation is applied: the mean action equals the MLP on (obs - mean) / std.
        var net = CourseKit.Nets.Mlp.Build(3, 1, 2, 16);
        net.load_state_dict(q.state_dict().Where(kv => kv.Key.StartsWith("mean_net.")).ToDictionary(kv => kv.Key["mean_net.".Length..], kv => kv.Value));
        var manual = net.forward(torch.tensor(new float[] { 0.4f, -0.35f, 0.175f }, [1, 3])).item<float>();
        Assert.Equal(manual, expected[0], 5);
        Assert.Throws<FileNotFoundException>(() => GaussianPolicy.Load(Path.Combine(dir.FullName, "missing.json")));
        dir.Delete(true);
    }
}

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
