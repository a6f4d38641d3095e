using CourseKit.Envs;
using CourseKit.Rl;

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
}
