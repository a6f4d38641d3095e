using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class VectorEnvTests
{
    [Fact]
    public void NextStepAutoresetMatchesIndependentEnvs()
    {
        using var envs = Gym.MakeVector("CartPole-v1", 3);
        var singles = Enumerable.Range(0, 3).Select(_ => Gym.Make("CartPole-v1")).ToArray();
        var obs = envs.Reset(seed: 10);
        for (int i = 0; i < 3; i++) Assert.Equal(singles[i].Reset(seed: 10 + i).obs, envs.Row(obs, i).ToArray());

        var needsReset = new bool[3];
        int resets = 0;
        var actions = new int[3];
        for (int t = 0; t < 300; t++)
        {
            for (int i = 0; i < 3; i++) actions[i] = (t + i) % 2;
            var (observations, rewards, terminated, truncated, _) = envs.Step(actions);
            for (int i = 0; i < 3; i++)
            {
                if (needsReset[i])
                {
                    // The step after an episode ended resets that env and ignores its action.
                    Assert.Equal(singles[i].Reset().obs, envs.Row(observations, i).ToArray());
                    Assert.Equal(0.0, rewards[i]);
                    Assert.False(terminated[i] || truncated[i]);
                    needsReset[i] = false;
                    resets++;
                    continue;
                }
                var s = singles[i].Step(actions[i]);
                Assert.Equal(s.Observation, envs.Row(observations, i).ToArray());
                Assert.Equal((s.Reward, s.Terminated, s.Truncated), (rewards[i], terminated[i], truncated[i]));
                needsReset[i] = s.Done;
            }
        }
        Assert.True(resets >= 6, $"only {resets} autoresets happened");
    }

    [Fact]
    public void SameStepAutoresetKeepsTheFinalObservation()
    {
        using var envs = Gym.MakeVector("CartPole-v1", 2, AutoresetMode.SameStep);
        var single = Gym.Make("CartPole-v1");
        envs.Reset(seed: 0);
        single.Reset(seed: 0);
        var actions = new[] { 1, 0 };
        while (true)
        {
            var result = envs.Step(actions);
            var s = single.Step(1);
            if (!s.Done)
            {
                Assert.False(envs.HasFinalObservation[0]);
                Assert.Equal(s.Observation, envs.Row(result.Observations, 0).ToArray());
                continue;
            }
            Assert.True(result.Terminated[0]);
            Assert.True(envs.HasFinalObservation[0]);
            Assert.Equal(s.Observation, envs.Row(envs.FinalObservations, 0).ToArray());
            Assert.Equal(single.Reset().obs, envs.Row(result.Observations, 0).ToArray()); // already the next episode
            break;
        }
    }

    [Fact]
    public void SteppingAllocatesNothingAfterWarmUp()
    {
        using var envs = Gym.MakeVector("CartPole-v1", 8);
        envs.Reset(seed: 0);
        var actions = new int[8];
        for (int t = 0; t < 2000; t++) envs.Step(actions); // warm up, including autoresets
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int t = 0; t < 5000; t++)
        {
            for (int i = 0; i < 8; i++) actions[i] = (t >> i) & 1;
            envs.Step(actions);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void EpisodeStatisticsFlowThroughTheVector()
    {
        using var envs = new VectorEnv<int>(() => Gym.Make("CartPole-v1").WithEpisodeStatistics(), 2);
        envs.Reset(seed: 0);
        int finished = 0;
        for (int t = 0; t < 200; t++)
        {
            var result = envs.Step([1, 1]);
            for (int i = 0; i < 2; i++)
                if (result.Terminated[i])
                {
                    Assert.True(result.Infos[i].TryGetEpisode(out var stats));
                    Assert.True(stats.Length > 0);
                    finished++;
                }
        }
        Assert.True(finished > 0);
    }

    [Fact]
    public void BadCallsAreExplained()
    {
        using var envs = Gym.MakeVector("CartPole-v1", 2);
        Assert.Contains("before Reset", Assert.Throws<InvalidOperationException>(() => envs.Step([0, 0])).Message);
        envs.Reset(seed: 0);
        Assert.Contains("need one per sub-env (2)", Assert.Throws<ArgumentException>(() => envs.Step([0])).Message);
        Assert.Contains("CartPole-v1", Assert.ThrowsAny<ArgumentException>(() => envs.Step([0, 7])).Message);
    }
}
