using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class EnvCheckerTests
{
    public static TheoryData<string> RegisteredIds => [.. Gym.Registry.Select(s => s.Id)];

    [Theory, MemberData(nameof(RegisteredIds))]
    public void EveryRegisteredEnvPassesTheChecker(string id)
    {
        var spec = Gym.Spec(id);
        if (spec.ObservationType == typeof(int)) EnvChecker.Check(() => Gym.Make<int, int>(id));
        else if (spec.ActionType == typeof(int)) EnvChecker.Check(() => Gym.Make(id));
        else EnvChecker.Check(() => Gym.Make<float[], float[]>(id));
    }

    [Fact]
    public void UnwrappedEnvsAndCustomMapsPassTheChecker()
    {
        EnvChecker.Check(() => new CartPoleEnv());
        EnvChecker.Check(() => new AcrobotEnv());
        EnvChecker.Check(() => new PendulumEnv(), maxSteps: 300);
        EnvChecker.Check(() => new FrozenLakeEnv(FrozenLakeMaps.Generate(5, seed: 3), isSlippery: false));
        EnvChecker.Check(() => new FrozenLakeEnv(["SFH", "FFG"]));
        EnvChecker.Check(() => new CliffWalkingEnv(isSlippery: true));
    }

    [Fact]
    public void WrappedEnvsPassTheChecker()
    {
        EnvChecker.Check(() => new RecordEpisodeStatistics<float[], int>(new FrameStack<int>(Gym.Make("CartPole-v1"), 4)));
        EnvChecker.Check(() => new MaxAndSkip<int>(Gym.Make("MountainCar-v0"), 4));
        EnvChecker.Check(() => new RescaleObservation<int>(Gym.Make("MountainCar-v0"), -1, 1));
        // Running statistics make a second seeded episode differ from the first, so freeze them for the check.
        EnvChecker.Check(() => new NormalizeObservation<int>(Gym.Make("Acrobot-v1")) { UpdateStatistics = false });
        EnvChecker.Check(() => new ClipReward<int, int>(Gym.Make<int, int>("CliffWalking-v1"), -1, 1).WithTimeLimit(50));
        EnvChecker.Check(() => new DiscretizeActions<float[]>(Gym.Make<float[], float[]>("Pendulum-v1"), 5));
    }

    [Fact]
    public void TheCheckerCatchesABrokenEnv()
    {
        var error = Assert.Throws<EnvCheckException>(() => EnvChecker.Check(() => new BrokenEnv()));
        Assert.Contains(error.Problems, p => p.Contains("Step before Reset did not throw"));
        Assert.Contains(error.Problems, p => p.Contains("outside the observation space"));
        Assert.Contains(error.Problems, p => p.Contains("not deterministic"));
        Assert.Contains(error.Problems, p => p.Contains("rewards must be finite"));
        Assert.Contains(error.Problems, p => p.Contains("Step accepted action 2"));
        Assert.StartsWith("Broken-v0 fails the env checker", error.Message);
    }

    /// <summary>Breaks several rules at once: no seeding, NaN rewards, observations out of bounds, no action checks.</summary>
    sealed class BrokenEnv : Env<float[], int>
    {
        readonly Random _random = new();
        int _t;
        public BrokenEnv() => Id = "Broken-v0";
        public override Space<float[]> ObservationSpace { get; } = new Box(-1f, 1f, 2);
        public override Space<int> ActionSpace { get; } = new Discrete(2);
        public override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
        {
            _t = 0;
            return ([(float)_random.NextDouble(), 0f], EnvInfo.Empty);
        }
        public override Step<float[]> Step(int action) =>
            new([5f, 0f], double.NaN, false, ++_t >= 10, EnvInfo.Empty);
        public override Frame Render() => new(10, 10, new Rgb(0, 0, 0));
    }
}
