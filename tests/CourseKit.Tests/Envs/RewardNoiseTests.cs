using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class RewardNoiseTests
{
    /// <summary>Plays <paramref name="steps"/> steps with a fixed action pattern, resetting on either flag.</summary>
    static List<(Step<float[]> step, double reward)> Play(Env<float[], int> env, int seed, int steps)
    {
        var result = new List<(Step<float[]>, double)>();
        env.Reset(seed);
        for (int t = 0; t < steps; t++)
        {
            var s = env.Step(t % 3 == 0 ? 0 : 1);
            result.Add((s, s.Reward));
            if (s.Done) env.Reset();
        }
        return result;
    }

    [Fact]
    public void Dynamics_and_flags_are_the_plain_envs_and_the_clean_reward_is_in_info()
    {
        var plain = Play(Gym.Make("CartPole-v1"), 4, 300);
        var noisy = Play(Gym.Make("CartPole-v1").WithRewardNoise(3.0), 4, 300);
        int changed = 0;
        foreach (var ((p, pr), (n, nr)) in plain.Zip(noisy))
        {
            Assert.Equal(p.Observation, n.Observation);
            Assert.Equal(p.Terminated, n.Terminated);
            Assert.Equal(p.Truncated, n.Truncated);
            Assert.Equal(pr, (double)n.Info[RewardNoise<float[], int>.CleanRewardKey]);
            if (nr != pr) changed++;
        }
        Assert.Equal(300, changed);
    }

    [Fact]
    public void The_noise_has_mean_zero_and_the_requested_spread()
    {
        const int n = 40_000;
        var rewards = Play(Gym.Make("CartPole-v1").WithRewardNoise(3.0), 1, n).Select(x => x.reward - 1.0).ToArray();
        double mean = rewards.Average();
        double std = Math.Sqrt(rewards.Select(r => (r - mean) * (r - mean)).Average());
        // Standard error of the mean: 3 / sqrt(40000) = 0.015; of the std: 3 / sqrt(80000) ≈ 0.011.
        Assert.InRange(mean, -0.075, 0.075);
        Assert.InRange(std, 2.95, 3.05);
    }

    [Fact]
    public void A_seeded_reset_repeats_the_noise_and_another_seed_changes_it()
    {
        var env = Gym.Make("CartPole-v1").WithRewardNoise(2.0);
        var first = Play(env, 7, 50).Select(x => x.reward).ToArray();
        var again = Play(env, 7, 50).Select(x => x.reward).ToArray();
        var other = Play(env, 8, 50).Select(x => x.reward).ToArray();
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Zero_noise_leaves_the_rewards_alone()
    {
        var rewards = Play(Gym.Make("CartPole-v1").WithRewardNoise(0.0), 2, 100).Select(x => x.reward);
        Assert.All(rewards, r => Assert.Equal(1.0, r));
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_negative_or_non_finite_spread_is_refused_with_a_clear_message(double std)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Gym.Make("CartPole-v1").WithRewardNoise(std));
        Assert.Contains("standard deviation", e.Message);
    }
}
