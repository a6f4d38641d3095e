using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class WrapperTests
{
    [Fact]
    public void TimeLimitTruncatesWithoutTerminating()
    {
        var env = Gym.Make("MountainCar-v0"); // random pushes never reach the flag in 200 steps
        env.Reset(seed: 0);
        Step<float[]> s = default;
        int steps = 0;
        do { s = env.Step(1); steps++; } while (!s.Done);
        Assert.Equal(200, steps);
        Assert.True(s.Truncated);
        Assert.False(s.Terminated);
        Assert.Equal(200, ((TimeLimit<float[], int>)env).ElapsedSteps);
        env.Reset();
        Assert.Equal(0, ((TimeLimit<float[], int>)env).ElapsedSteps);
    }

    [Fact]
    public void TimeLimitKeepsTerminationWhenTheTaskEndsFirst()
    {
        var env = new CartPoleEnv().WithTimeLimit(500);
        env.Reset(seed: 3);
        Step<float[]> s;
        int steps = 0;
        do { s = env.Step(1); steps++; } while (!s.Done);
        Assert.True(s.Terminated);
        Assert.False(s.Truncated);
        Assert.True(steps < 500);
    }

    [Fact]
    public void TimeLimitOverrideFromMake()
    {
        var env = Gym.Make("CartPole-v1", maxEpisodeSteps: 3);
        env.Reset(seed: 0);
        Assert.False(env.Step(0).Truncated);
        Assert.False(env.Step(1).Truncated);
        Assert.True(env.Step(0).Truncated);
    }

    [Fact]
    public void RecordEpisodeStatisticsReportsOnTheFinalStepOnly()
    {
        var env = Gym.Make("CartPole-v1").WithEpisodeStatistics(bufferLength: 2);
        for (int episode = 0; episode < 3; episode++)
        {
            env.Reset(seed: episode);
            double total = 0;
            int length = 0;
            while (true)
            {
                var s = env.Step(length % 3 == 0 ? 0 : 1);
                total += s.Reward;
                length++;
                if (!s.Done)
                {
                    Assert.False(s.Info.ContainsKey("episode"));
                    continue;
                }
                Assert.True(s.Info.TryGetEpisode(out var stats));
                Assert.Equal(total, stats.Return);
                Assert.Equal(length, stats.Length);
                Assert.Equal(total, stats["r"]);
                Assert.Equal(length, stats["l"]);
                Assert.True(stats["t"] >= 0);
                Assert.Same(stats, s.Info["episode"]);
                break;
            }
        }
        Assert.Equal(3, env.EpisodeCount);
        Assert.Equal(2, env.ReturnQueue.Count); // the buffer keeps the latest two
    }

    [Fact]
    public void RecordEpisodeStatisticsCountsTruncatedEpisodesAndKeepsInnerInfo()
    {
        var env = Gym.Make<int, int>("FrozenLake-v1", maxEpisodeSteps: 1).WithEpisodeStatistics();
        env.Reset(seed: 0);
        var s = env.Step(FrozenLakeEnv.Left);
        Assert.True(s.Truncated);
        Assert.Equal(1, ((EpisodeStatistics)s.Info["episode"]).Length);
        Assert.True(s.Info.ContainsKey("prob"));
    }

    [Fact]
    public void ClipRewardClips()
    {
        var env = new CliffWalkingEnv().WithClippedReward(-1, 1);
        env.Reset(seed: 0);
        Assert.Equal(-1, env.Step(CliffWalkingEnv.Right).Reward); // -100 from the cliff, clipped
        Assert.Throws<ArgumentException>(() => new ClipReward<int, int>(new CliffWalkingEnv(), 1, -1));
    }

    [Fact]
    public void FrameStackPadsTheEpisodeStartWithTheFirstObservation()
    {
        var env = new CartPoleEnv().WithFrameStack(3);
        Assert.Equal(new[] { 3, 4 }, env.ObservationSpace.Shape);
        var (first, _) = env.Reset(seed: 0);
        Assert.Equal(12, first.Length);
        Assert.Equal(first[..4], first[4..8]);
        Assert.Equal(first[..4], first[8..]);
        var s1 = env.Step(1);
        Assert.Equal(first[..4], s1.Observation[..4]);
        Assert.Equal(first[..4], s1.Observation[4..8]);
        var s2 = env.Step(0);
        Assert.Equal(s1.Observation[8..], s2.Observation[4..8]); // shifted by one frame
        Assert.Equal(first[..4], s2.Observation[..4]);

        // A new episode must not see frames of the previous one.
        var (again, _) = env.Reset(seed: 1);
        Assert.Equal(again[8..], again[..4]);
        Assert.NotEqual(s2.Observation[8..], again[..4]);
    }

    [Fact]
    public void FrameStackCanPadWithZeros()
    {
        var env = new CartPoleEnv().WithFrameStack(2, padWithZeros: true);
        var (obs, _) = env.Reset(seed: 0);
        Assert.All(obs[..4], v => Assert.Equal(0f, v));
        Assert.Contains(obs[4..], v => v != 0f);
    }

    [Fact]
    public void MaxAndSkipRepeatsTheActionSumsRewardsAndMaxesTheLastTwoFrames()
    {
        var skipped = new CartPoleEnv().WithMaxAndSkip(4);
        var plain = new CartPoleEnv();
        skipped.Reset(seed: 0);
        plain.Reset(seed: 0);
        var s = skipped.Step(1);
        var frames = Enumerable.Range(0, 4).Select(_ => plain.Step(1)).ToArray();
        Assert.Equal(4.0, s.Reward);
        var expected = frames[2].Observation.Zip(frames[3].Observation, Math.Max).ToArray();
        Assert.Equal(expected, s.Observation);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxAndSkip<int>(new CartPoleEnv(), 1));
    }

    [Fact]
    public void MaxAndSkipStopsWhenTheEpisodeEnds()
    {
        var env = new CartPoleEnv().WithTimeLimit(6).WithMaxAndSkip(4);
        env.Reset(seed: 0);
        Assert.Equal(4.0, env.Step(0).Reward);
        var s = env.Step(1);
        Assert.True(s.Truncated);
        Assert.Equal(2.0, s.Reward);
    }

    [Fact]
    public void RescaleObservationMapsBoundsToTheTarget()
    {
        var env = new MountainCarEnv().WithRescaledObservations(-1, 1);
        var (obs, _) = env.Reset(seed: 0);
        var raw = ((MountainCarEnv)env.Unwrapped).State;
        Assert.Equal(-1 + (raw[0] + 1.2) * 2 / 1.8, obs[0], 1e-5);
        Assert.Equal(0.0, obs[1], 1e-6);
        Assert.True(env.ObservationSpace.Contains(obs));
        Assert.Throws<ArgumentException>(() => new CartPoleEnv().WithRescaledObservations()); // unbounded velocities
    }

    [Fact]
    public void NormalizeObservationTracksRunningMoments()
    {
        var env = new PendulumEnv().WithNormalizedObservations();
        env.Reset(seed: 0);
        for (int t = 0; t < 500; t++) env.Step([1f]);
        var mean = env.Mean;
        Assert.All(mean, m => Assert.True(double.IsFinite(m)));
        env.UpdateStatistics = false;
        var before = env.Mean;
        env.Step([0f]);
        Assert.Equal(before, env.Mean);
    }

    [Fact]
    public void NormalizeObservationMatchesTheBatchMoments()
    {
        var observations = new List<float[]>();
        var plain = new AcrobotEnv();
        observations.Add((float[])plain.Reset(seed: 2).obs.Clone());
        for (int t = 0; t < 300; t++) observations.Add(plain.Step(t % 3).Observation);

        var env = new AcrobotEnv().WithNormalizedObservations();
        env.Reset(seed: 2);
        for (int t = 0; t < 300; t++) env.Step(t % 3);
        for (int i = 0; i < 6; i++)
        {
            double mean = observations.Average(o => (double)o[i]);
            double variance = observations.Average(o => (o[i] - mean) * (o[i] - mean));
            Assert.Equal(mean, env.Mean[i], 1e-4);
            Assert.Equal(variance, env.Variance[i], 1e-3);
        }
    }

    [Fact]
    public void DiscretizeActionsUsesBinCentresAndExplicitLists()
    {
        var env = Gym.Make<float[], float[]>("Pendulum-v1").WithDiscreteActions(5);
        Assert.Equal("Discrete(5)", env.ActionSpace.ToString());
        // Gymnasium's linspace arithmetic leaves the middle centre at 2.2e-16 rather than 0; so does ours.
        Assert.Equal(new[] { -1.6f, -0.8f, 2.220446e-16f, 0.8f, 1.6f }, env.Actions.Select(a => a[0]).ToArray());

        var custom = new PendulumEnv().WithDiscreteActions([[-2f], [0f], [2f]]);
        var twin = new PendulumEnv();
        custom.Reset(seed: 4);
        twin.Reset(seed: 4);
        Assert.Equal(twin.Step([2f]).Observation, custom.Step(2).Observation);
        var error = Assert.ThrowsAny<ArgumentException>(() => custom.Step(3));
        Assert.Contains("Pendulum-v1", error.Message);
        Assert.Contains("Discrete(3)", error.Message);
    }
}
