using System.Numerics;

namespace CourseKit.Envs;

/// <summary>
/// Adds zero-mean Gaussian noise with standard deviation <see cref="Std"/> to every reward, so that the expected
/// reward, and with it every true value, stays what it was, while each sampled reward is uncertain. The noise-free
/// reward is kept in <c>info["reward_without_noise"]</c>. The noise has its own generator, re-created whenever
/// <c>Reset</c> gets a seed (from that seed, but a stream apart from the env's own), so a seeded run is repeatable.
/// </summary>
public sealed class RewardNoise<TObs, TAct> : Wrapper<TObs, TAct>
{
    /// <summary>The info key that holds the reward before the noise was added.</summary>
    public const string CleanRewardKey = "reward_without_noise";

    // Added to the seed's entropy so the noise stream differs from the env's generator seeded with the same number.
    static readonly BigInteger StreamTag = BigInteger.One << 64;

    NumpyRandom? _noise;

    /// <summary>Adds N(0, <paramref name="std"/>²) to each of <paramref name="env"/>'s rewards.</summary>
    public RewardNoise(Env<TObs, TAct> env, double std) : base(env)
    {
        if (!(std >= 0) || double.IsInfinity(std))
            throw new ArgumentOutOfRangeException(nameof(std), std, "RewardNoise: the noise's standard deviation must be a finite number >= 0 (0 leaves the rewards as they are).");
        Std = std;
    }

    /// <summary>The standard deviation of the added noise.</summary>
    public double Std { get; }

    /// <inheritdoc/>
    public override (TObs obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        var result = Inner.Reset(seed);
        Reseed(seed);
        return result;
    }

    /// <inheritdoc/>
    public override Step<TObs> Step(TAct action)
    {
        var s = Inner.Step(action);
        return s with { Reward = Noisy(s.Reward), Info = s.Info.With(CleanRewardKey, s.Reward) };
    }

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        var info = Inner.ResetInto(seed, observation);
        Reseed(seed);
        return info;
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var o = Inner.StepInto(action, observation);
        return o with { Reward = Noisy(o.Reward), Info = o.Info.With(CleanRewardKey, o.Reward) };
    }

    void Reseed(int? seed)
    {
        if (seed is int s) _noise = new NumpyRandom(StreamTag + s);
    }

    double Noisy(double reward) => Std == 0 ? reward : reward + Std * (_noise ??= NumpyRandom.FromEntropy()).StandardNormal();
}

/// <summary>Wraps an env in <see cref="RewardNoise{TObs, TAct}"/>: <c>Gym.Make("CartPole-v1").WithRewardNoise(3.0)</c>.</summary>
public static class RewardNoiseExtensions
{
    /// <summary>Adds zero-mean Gaussian noise with standard deviation <paramref name="std"/> to every reward.</summary>
    public static RewardNoise<TObs, TAct> WithRewardNoise<TObs, TAct>(this Env<TObs, TAct> env, double std) => new(env, std);
}
