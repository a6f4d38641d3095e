using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

/// <summary>Bad input gets an exception that names the env, the space and the value.</summary>
public class BadInputTests
{
    [Fact]
    public void DiscreteActionOutsideTheSpace()
    {
        var env = Gym.Make("CartPole-v1");
        env.Reset(seed: 0);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(2));
        Assert.Contains("CartPole-v1", error.Message);
        Assert.Contains("Discrete(2)", error.Message);
        Assert.Contains("action 2", error.Message);
        Assert.Contains("0..1", error.Message);

        var lake = Gym.Make<int, int>("FrozenLake-v1");
        lake.Reset(seed: 0);
        var lakeError = Assert.Throws<ArgumentOutOfRangeException>(() => lake.Step(-1));
        Assert.Contains("FrozenLake-v1", lakeError.Message);
        Assert.Contains("Discrete(4)", lakeError.Message);
        Assert.Contains("action -1", lakeError.Message);
    }

    [Fact]
    public void ContinuousActionOfTheWrongLength()
    {
        var env = Gym.Make<float[], float[]>("Pendulum-v1");
        env.Reset(seed: 0);
        var error = Assert.Throws<ArgumentException>(() => env.Step([1f, 2f]));
        Assert.Contains("Pendulum-v1", error.Message);
        Assert.Contains("Box(-2.0, 2.0, (1,), float32)", error.Message);
        Assert.Contains("2 value(s)", error.Message);
        Assert.Throws<ArgumentNullException>(() => env.Step(null!));
    }

    [Fact]
    public void NaNInAContinuousAction()
    {
        var env = Gym.Make<float[], float[]>("MountainCarContinuous-v0");
        env.Reset(seed: 0);
        var error = Assert.Throws<ArgumentException>(() => env.Step([float.NaN]));
        Assert.Contains("MountainCarContinuous-v0", error.Message);
        Assert.Contains("NaN", error.Message);
        Assert.Contains("Box(-1.0, 1.0, (1,), float32)", error.Message);
    }

    [Fact]
    public void OutOfRangeTorquesAreClippedAsInGymnasium()
    {
        var a = new PendulumEnv();
        var b = new PendulumEnv();
        a.Reset(seed: 1);
        b.Reset(seed: 1);
        Assert.Equal(b.Step([2f]).Observation, a.Step([7.5f]).Observation);
    }

    [Fact]
    public void StepBeforeReset()
    {
        foreach (var env in new Env<float[], int>[] { Gym.Make("CartPole-v1"), new AcrobotEnv(), new MountainCarEnv() })
        {
            var error = Assert.Throws<InvalidOperationException>(() => env.Step(0));
            Assert.Contains("before Reset", error.Message);
            Assert.Contains(env.Id, error.Message);
        }
        var lake = new FrozenLakeEnv();
        Assert.Contains("FrozenLake-v1", Assert.Throws<InvalidOperationException>(() => lake.Step(0)).Message);
        Assert.Throws<InvalidOperationException>(() => new PendulumEnv().Step([0f]));
    }

    [Theory]
    [InlineData(new[] { "SFF", "FH", "FFG" }, "ragged")]
    [InlineData(new[] { "FFF", "FHF", "FFG" }, "no start")]
    [InlineData(new[] { "SFF", "FXF", "FFG" }, "'X'")]
    public void MalformedFrozenLakeMaps(string[] map, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => new FrozenLakeEnv(map));
        Assert.Contains("FrozenLake", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void EmptyFrozenLakeMap() =>
        Assert.Contains("no rows", Assert.Throws<ArgumentException>(() => new FrozenLakeEnv([])).Message);

    [Fact]
    public void WrongStateLength()
    {
        var env = new CartPoleEnv();
        var error = Assert.Throws<ArgumentException>(() => env.State = [0.0, 0.0]);
        Assert.Contains("4 values", error.Message);
        Assert.Throws<InvalidOperationException>(() => env.State);
    }

    [Fact]
    public void NegativeSeed() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Gym.Make("CartPole-v1").Reset(seed: -1));

    [Fact]
    public void TruncatedEpisodesWarnOnceWhenSteppedFurther()
    {
        var warnings = new List<string>();
        var previous = EnvWarnings.Handler;
        try
        {
            EnvWarnings.Handler = warnings.Add;
            var env = Gym.Make<int, int>("FrozenLake-v1", maxEpisodeSteps: 1);
            env.Reset(seed: 0);
            Assert.True(env.Step(FrozenLakeEnv.Up).Truncated);
            Assert.True(env.Step(FrozenLakeEnv.Up).Truncated); // documented: keeps reporting truncation
            Assert.True(env.Step(FrozenLakeEnv.Up).Truncated);
        }
        finally { EnvWarnings.Handler = previous; }
        Assert.Single(warnings, w => w.Contains("FrozenLake-v1") && w.Contains("truncated at 1 steps"));
    }
}
