using System.Text.Json;
using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

/// <summary>
/// Replays every episode recorded from Gymnasium 1.4.0 and demands the same trajectory: float32
/// observations and float64 states bit for bit, rewards and flags exactly (README of the reference data).
/// </summary>
public class ClassicControlConformanceTests
{
    [Fact]
    public void CartPoleResetDrawsGymnasiumsInitialStates()
    {
        foreach (var reset in ReferenceData.Load("cartpole_v1_reset_seeds.json").GetProperty("resets").EnumerateArray())
        {
            var env = Gym.Make("CartPole-v1");
            var (obs, info) = env.Reset(seed: reset.GetProperty("seed").GetInt32());
            Assert.Equal(reset.GetProperty("state_f64_bits").F64Bits(), ((CartPoleEnv)env.Unwrapped).State.Select(BitConverter.DoubleToUInt64Bits).ToArray());
            Assert.Equal(reset.GetProperty("obs_f32_bits").F32Bits(), obs.Select(BitConverter.SingleToUInt32Bits).ToArray());
            Assert.Empty(info);
        }
    }

    [Fact]
    public void CartPoleSeededAlternatingEpisodes() =>
        ReplayAll("cartpole_v1_alternating.json", "CartPole-v1", expectedEpisodes: 10, a => a.GetInt32());

    [Fact]
    public void CartPoleFromExplicitStates() =>
        ReplayAll("cartpole_v1_explicit_state.json", "CartPole-v1", expectedEpisodes: 16, a => a.GetInt32());

    [Fact]
    public void CartPoleStepsAfterTerminationPayZeroAndWarnOnceLikeGymnasium()
    {
        // The reference README describes an episode stepped 3 times past termination (reward 0.0, a
        // warning); the recorded file stops before it, so check the same rule against our own physics.
        var env = Gym.Make("CartPole-v1");
        env.Reset(seed: 0);
        Step<float[]> s;
        do s = env.Step(1); while (!s.Terminated);
        Assert.Equal(1.0, s.Reward);

        var twin = new CartPoleEnv();
        twin.Reset(seed: 0);
        var warnings = new List<string>();
        var previous = EnvWarnings.Handler;
        try
        {
            EnvWarnings.Handler = warnings.Add;
            for (int i = 0; i < 3; i++)
            {
                twin.State = ((CartPoleEnv)env.Unwrapped).State;
                var after = env.Step(1);
                var fresh = twin.Step(1);
                Assert.Equal(0.0, after.Reward);
                Assert.True(after.Terminated);
                Assert.Equal(fresh.Observation, after.Observation); // the physics carries on
            }
        }
        finally { EnvWarnings.Handler = previous; }
        Assert.Single(warnings, w => w.Contains("CartPole-v1") && w.Contains("after the episode terminated"));
    }

    [Fact]
    public void MountainCarEpisodes() =>
        ReplayAll("mountaincar_v0.json", "MountainCar-v0", expectedEpisodes: 21, a => a.GetInt32());

    [Fact]
    public void AcrobotEpisodes() =>
        ReplayAll("acrobot_v1.json", "Acrobot-v1", expectedEpisodes: 15, a => a.GetInt32());

    [Fact]
    public void PendulumEpisodes() =>
        ReplayAll("pendulum_v1.json", "Pendulum-v1", expectedEpisodes: 18, a => new[] { (float)a.GetDouble() });

    static void ReplayAll<TAct>(string file, string id, int expectedEpisodes, Func<JsonElement, TAct> action)
    {
        var episodes = ReferenceData.Load(file).GetProperty("episodes").EnumerateArray().ToArray();
        Assert.Equal(expectedEpisodes, episodes.Length);
        var failures = new List<string>();
        for (int i = 0; i < episodes.Length; i++)
        {
            var env = Gym.Make<float[], TAct>(id);
            try { ReplayEpisode(env, episodes[i], action, $"{file} episode {i}"); }
            catch (Xunit.Sdk.XunitException e) { failures.Add(e.Message); }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {episodes.Length} episodes differ from Gymnasium:\n{string.Join("\n", failures.Take(5))}");
    }

    static void ReplayEpisode<TAct>(Env<float[], TAct> env, JsonElement episode, Func<JsonElement, TAct> action, string name)
    {
        var raw = (ClassicControlEnv<TAct>)env.Unwrapped;
        var (obs, _) = env.Reset(seed: episode.GetProperty("seed").GetInt32());
        ExpectBits(episode.GetProperty("state_after_reset").Doubles(), raw.State, $"{name}: state after reset");
        bool explicitStart = episode.TryGetProperty("init_index", out var index) && index.ValueKind != JsonValueKind.Null;
        if (explicitStart) raw.State = episode.GetProperty("initial_state").Doubles();
        else ExpectBits(episode.GetProperty("initial_obs").Doubles(), obs, $"{name}: observation after reset");

        using var quiet = EnvWarnings.Suppress();
        foreach (var step in episode.GetProperty("steps").EnumerateArray())
        {
            int t = step.GetProperty("t").GetInt32();
            var s = env.Step(action(step.GetProperty("action")));
            string at = $"{name} step {t}";
            ExpectBits(step.GetProperty("obs").Doubles(), s.Observation, $"{at}: observation");
            ExpectBits(step.GetProperty("state").Doubles(), raw.State, $"{at}: state");
            Assert.True(step.GetProperty("reward").GetDouble() == s.Reward, $"{at}: reward {s.Reward}, Gymnasium {step.GetProperty("reward").GetDouble()}");
            Assert.True(step.GetProperty("terminated").GetBoolean() == s.Terminated, $"{at}: terminated {s.Terminated}");
            Assert.True(step.GetProperty("truncated").GetBoolean() == s.Truncated, $"{at}: truncated {s.Truncated}");
        }
    }

    static void ExpectBits(double[] expected, double[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, Gymnasium has {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[i]) == BitConverter.DoubleToInt64Bits(actual[i]),
                $"{what}[{i}] = {actual[i]:R}, Gymnasium {expected[i]:R} (relative error {RelativeError(expected[i], actual[i]):E2})");
    }

    static void ExpectBits(double[] expected, float[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} values, Gymnasium has {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
            Assert.True(BitConverter.SingleToInt32Bits((float)expected[i]) == BitConverter.SingleToInt32Bits(actual[i]),
                $"{what}[{i}] = {actual[i]:R}, Gymnasium {(float)expected[i]:R} (relative error {RelativeError(expected[i], actual[i]):E2})");
    }

    static double RelativeError(double expected, double actual) =>
        Math.Abs(expected - actual) / Math.Max(Math.Abs(expected), 1e-30);
}
