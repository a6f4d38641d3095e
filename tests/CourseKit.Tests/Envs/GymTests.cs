using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class GymTests
{
    [Fact]
    public void TheDqnSketchCompilesAndRuns()
    {
        // The lines of the course's DQN training cell that touch the env, verbatim.
        var env = Gym.Make("CartPole-v1");
        var (obs, _) = env.Reset(seed: 0);
        int episodes = 0;
        for (int step = 0; step < 1000; step++)
        {
            int action = obs[2] + 0.5f * obs[3] > 0 ? 1 : 0;
            var s = env.Step(action);
            float[] next = s.Observation;
            Assert.Equal(4, next.Length);
            if (s.Terminated || s.Truncated) episodes++;
            obs = s.Terminated || s.Truncated ? env.Reset().obs : s.Observation;
        }
        Assert.True(episodes >= 2);
    }

    [Fact]
    public void MakeAppliesTheRegisteredTimeLimit()
    {
        foreach (var (id, steps) in new[] { ("CartPole-v1", 500), ("CartPole-v0", 200), ("MountainCar-v0", 200), ("Acrobot-v1", 500) })
        {
            var env = Assert.IsType<TimeLimit<float[], int>>(Gym.Make(id));
            Assert.Equal(steps, env.MaxEpisodeSteps);
            Assert.Equal(id, env.Id);
        }
        Assert.Equal(999, Assert.IsType<TimeLimit<float[], float[]>>(Gym.Make<float[], float[]>("MountainCarContinuous-v0")).MaxEpisodeSteps);
        Assert.Equal(200, Assert.IsType<TimeLimit<float[], float[]>>(Gym.Make<float[], float[]>("Pendulum-v1")).MaxEpisodeSteps);
        var lake = Assert.IsType<TimeLimit<int, int>>(Gym.Make<int, int>("FrozenLake8x8-v1"));
        Assert.Equal(200, lake.MaxEpisodeSteps);
        Assert.Equal(8, ((FrozenLakeEnv)lake.Unwrapped).Rows);
        Assert.Equal(475.0, Gym.Spec("CartPole-v1").RewardThreshold);
    }

    [Fact]
    public void WrongTypeArgumentsNameTheRightCall()
    {
        var error = Assert.Throws<ArgumentException>(() => Gym.Make("FrozenLake-v1"));
        Assert.Contains("int observations and int actions", error.Message);
        Assert.Contains("Gym.Make<int, int>(\"FrozenLake-v1\")", error.Message);

        var pendulum = Assert.Throws<ArgumentException>(() => Gym.Make<float[], int>("Pendulum-v1"));
        Assert.Contains("Gym.Make<float[], float[]>(\"Pendulum-v1\")", pendulum.Message);

        var cartPole = Assert.Throws<ArgumentException>(() => Gym.Make<float[], float[]>("CartPole-v1"));
        Assert.Contains("Gym.Make(\"CartPole-v1\")", cartPole.Message);
    }

    [Fact]
    public void UnknownIdsSuggestTheRegisteredName()
    {
        var error = Assert.Throws<ArgumentException>(() => Gym.Make("cartpole-v1"));
        Assert.Contains("Did you mean \"CartPole-v1\"", error.Message);
        Assert.Contains("Acrobot-v1", Assert.Throws<ArgumentException>(() => Gym.Make("Pong-v5")).Message);
    }

    [Fact]
    public void CustomEnvsCanBeRegistered()
    {
        Gym.Register("TinyLake-v0", () => new FrozenLakeEnv(["SG"], isSlippery: false), maxEpisodeSteps: 5);
        var env = Gym.Make<int, int>("TinyLake-v0");
        env.Reset(seed: 0);
        var s = env.Step(FrozenLakeEnv.Right);
        Assert.Equal((1, 1.0, true), (s.Observation, s.Reward, s.Terminated));
        Assert.Equal("TinyLake-v0", env.Id);
    }

    [Fact]
    public void SpacesSampleContainAndDescribeThemselves()
    {
        var env = Gym.Make("CartPole-v1");
        Assert.Equal("Box([-4.8 -inf -0.418879 -inf], [4.8 inf 0.418879 inf], (4,), float32)", env.ObservationSpace.ToString());
        Assert.Equal([4], env.ObservationSpace.Shape);
        var box = new Box(-2f, 2f, 2, 3);
        Assert.Equal([2, 3], box.Shape);
        box.Seed(0);
        for (int i = 0; i < 100; i++) Assert.True(box.Contains(box.Sample()));
        Assert.False(box.Contains([0f, 0f, 0f, 0f, 0f, float.NaN]));
        Assert.False(box.Contains([0f, 0f, 0f, 0f, 0f]));
        Assert.False(box.Contains([0f, 0f, 0f, 0f, 0f, 2.5f]));
        var discrete = new Discrete(3, start: 1);
        Assert.True(discrete.Contains(3));
        Assert.False(discrete.Contains(0));
        discrete.Seed(1);
        Assert.All(Enumerable.Range(0, 50).Select(_ => discrete.Sample()), a => Assert.InRange(a, 1, 3));
        // Discrete.Sample draws like Gymnasium: start + np_random.integers(n).
        var random = new NumpyRandom(3);
        Assert.Equal(new[] { 3, 0, 0, 0 }, Enumerable.Range(0, 4).Select(_ => new Discrete(4).Sample(random)).ToArray());
        Assert.Throws<ArgumentException>(() => new Box([1f], [0f]));
    }
}
