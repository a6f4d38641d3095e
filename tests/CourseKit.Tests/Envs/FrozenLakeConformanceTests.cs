using System.Text.Json;
using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

/// <summary>FrozenLake's model against Gymnasium's <c>env.unwrapped.P</c> and the recorded value-iteration optimum.</summary>
public class FrozenLakeConformanceTests
{
    public static TheoryData<int> Configs => [0, 1, 2, 3];

    static JsonElement Config(int i) => ReferenceData.Load("frozenlake_v1.json").GetProperty("configs")[i];

    static FrozenLakeEnv Make(JsonElement config)
    {
        var env = Gym.Make<int, int>(config.GetProperty("env_id").GetString()!);
        var lake = (FrozenLakeEnv)env.Unwrapped;
        bool slippery = config.GetProperty("is_slippery").GetBoolean();
        return slippery ? lake : new FrozenLakeEnv(lake.Map, isSlippery: false);
    }

    [Theory, MemberData(nameof(Configs))]
    public void TransitionModelIsGymnasiumsEntryForEntry(int index)
    {
        var config = Config(index);
        var env = Make(config);
        Assert.Equal(config.GetProperty("desc").EnumerateArray().Select(r => r.GetString()!), env.Map);
        Assert.Equal(config.GetProperty("nS").GetInt32(), env.StateCount);
        Assert.Equal(config.GetProperty("nA").GetInt32(), env.ActionCount);
        Assert.Equal(config.GetProperty("initial_state_distrib").Doubles(), env.InitialStateDistribution);
        Assert.Equal(config.GetProperty("max_episode_steps").GetInt32(), Gym.Spec(config.GetProperty("env_id").GetString()!).MaxEpisodeSteps);
        for (int s = 0; s < env.StateCount; s++)
            for (int a = 0; a < env.ActionCount; a++)
            {
                var expected = config.GetProperty("P").GetProperty($"{s}").GetProperty($"{a}").EnumerateArray().ToArray();
                var actual = env.P[s][a];
                Assert.True(expected.Length == actual.Count, $"P[{s}][{a}] has {actual.Count} entries, Gymnasium {expected.Length}");
                for (int i = 0; i < expected.Length; i++)
                {
                    var e = expected[i];
                    var t = actual[i];
                    Assert.True(BitConverter.DoubleToInt64Bits(e[0].GetDouble()) == BitConverter.DoubleToInt64Bits(t.Probability), $"P[{s}][{a}][{i}] probability {t.Probability:R}, Gymnasium {e[0].GetDouble():R}");
                    Assert.Equal(e[1].GetInt32(), t.NextState);
                    Assert.Equal(e[2].GetDouble(), t.Reward);
                    Assert.Equal(e[3].GetBoolean(), t.Terminated);
                }
            }
    }

    [Theory, MemberData(nameof(Configs))]
    public void ValueIterationOnTheModelReachesTheRecordedOptimum(int index)
    {
        var config = Config(index);
        var env = Make(config);
        foreach (var solution in config.GetProperty("solutions").EnumerateObject())
        {
            double gamma = solution.Value.GetProperty("gamma").GetDouble();
            var (v, q, iterations) = ValueIteration(env, gamma, solution.Value.GetProperty("tolerance").GetDouble());
            Assert.Equal(solution.Value.GetProperty("iterations").GetInt32(), iterations);
            Assert.Equal(solution.Value.GetProperty("V_star").Doubles(), v);
            var qStar = solution.Value.GetProperty("Q_star").EnumerateArray().Select(r => r.Doubles()).ToArray();
            for (int s = 0; s < env.StateCount; s++) Assert.Equal(qStar[s], q[s]);
            var greedy = q.Select(row => Array.IndexOf(row, row.Max())).ToArray();
            Assert.Equal(solution.Value.GetProperty("greedy_policy").EnumerateArray().Select(x => x.GetInt32()), greedy);
        }
    }

    // Synchronous value iteration in the recording's operation order.
    static (double[] V, double[][] Q, int Iterations) ValueIteration(FrozenLakeEnv env, double gamma, double tolerance)
    {
        var v = new double[env.StateCount];
        for (int iteration = 1; ; iteration++)
        {
            var q = QValues(env, v, gamma);
            var next = q.Select(row => row.Max()).ToArray();
            double delta = next.Zip(v, (a, b) => Math.Abs(a - b)).Max();
            v = next;
            if (delta < tolerance) return (v, QValues(env, v, gamma), iteration);
        }
    }

    static double[][] QValues(FrozenLakeEnv env, double[] v, double gamma) =>
        [.. Enumerable.Range(0, env.StateCount).Select(s => Enumerable.Range(0, env.ActionCount).Select(a =>
        {
            double total = 0;
            foreach (var (p, next, r, terminated) in env.P[s][a]) total += p * (r + (terminated ? 0 : gamma * v[next]));
            return total;
        }).ToArray())];

    [Fact]
    public void SeededEpisodesSampleTransitionsLikeCategoricalSample()
    {
        // Same seed, same walk; the sampled transition is the first whose cumulative probability exceeds random().
        var env = Gym.Make<int, int>("FrozenLake8x8-v1");
        var lake = (FrozenLakeEnv)env.Unwrapped;
        var (obs, info) = env.Reset(seed: 5);
        Assert.Equal(0, obs);
        Assert.Equal(1.0, info["prob"]);
        var shadow = new NumpyRandom(5);
        shadow.Random(); // the reset's draw of the start state
        int state = obs;
        for (int t = 0; t < 200; t++)
        {
            int action = t % 4;
            var s = env.Step(action);
            double u = shadow.Random(), cumulative = 0;
            var expected = lake.P[state][action].First(tr => (cumulative += tr.Probability) > u);
            Assert.Equal(expected.NextState, s.Observation);
            Assert.Equal(expected.Reward, s.Reward);
            Assert.Equal(expected.Terminated, s.Terminated);
            Assert.Equal(expected.Probability, s.Info["prob"]);
            Assert.Equal(t == 199, s.Truncated);
            state = s.Observation;
            if (s.Terminated || s.Truncated) break;
        }
    }

    [Theory]
    [InlineData(8, 0.8, 0, "SFFFHHFF,FHHFHFFF,HFFFFFFF,FFHHFFFF,FFFFFHHF,FFFFFHFF,FHFFHFFF,FFFFFFFG")]
    [InlineData(8, 0.8, 42, "SFHFFHFF,FFFHFHFF,FFHFFFHH,FFFFFFFH,FFFFFFFF,FHFFHHFF,FFFFFFFF,FFFFFFFG")]
    [InlineData(4, 0.8, 1, "SHFH,FFHF,FFFF,FFFG")]
    [InlineData(6, 0.5, 7, "SHHHHF,FFFFFH,FHFHFF,HHHHHF,HFHHHF,FFFHHG")]
    public void RandomMapsAreGymnasiumsForTheSameSeed(int size, double p, int seed, string expected)
    {
        // Expected maps: Gymnasium's generate_random_map algorithm run on NumPy 1.24.2.
        var map = FrozenLakeMaps.Generate(size, p, seed);
        Assert.Equal(expected.Split(','), map);
        Assert.True(FrozenLakeMaps.IsGoalReachable(map));
    }

    [Fact]
    public void RandomMapsAlwaysHaveAReachableGoal()
    {
        for (int seed = 0; seed < 50; seed++)
        {
            var map = FrozenLakeMaps.Generate(size: 10, frozenProbability: 0.6, seed: seed);
            Assert.True(FrozenLakeMaps.IsGoalReachable(map));
            Assert.Equal('S', map[0][0]);
            Assert.Equal('G', map[^1][^1]);
        }
        var error = Assert.Throws<InvalidOperationException>(() => FrozenLakeMaps.Generate(size: 4, frozenProbability: 0.0, seed: 1, maxAttempts: 50));
        Assert.Contains("reachable goal", error.Message);
    }

    [Fact]
    public void CliffWalkingFollowsGymnasiumsModel()
    {
        var env = Gym.Make<int, int>("CliffWalking-v1");
        Assert.IsType<CliffWalkingEnv>(env); // Gymnasium registers no time limit for CliffWalking-v1
        var cliff = (CliffWalkingEnv)env;
        Assert.Equal(48, cliff.StateCount);
        Assert.Equal([new Transition(1.0, 36, -100, false)], cliff.P[36][CliffWalkingEnv.Right]);   // into the cliff: back to start
        Assert.Equal([new Transition(1.0, 24, -1, false)], cliff.P[36][CliffWalkingEnv.Up]);
        Assert.Equal([new Transition(1.0, 47, -1, true)], cliff.P[35][CliffWalkingEnv.Down]);      // the goal terminates
        Assert.Equal([new Transition(1.0, 0, -1, false)], cliff.P[0][CliffWalkingEnv.Left]);        // walls hold the agent
        var (obs, _) = env.Reset(seed: 0);
        Assert.Equal(36, obs);
        var s = env.Step(CliffWalkingEnv.Right);
        Assert.Equal((36, -100.0, false), (s.Observation, s.Reward, s.Terminated));

        var slippery = new CliffWalkingEnv(isSlippery: true);
        Assert.Equal(
            [new Transition(1.0 / 3, 24, -1, false), new Transition(1.0 / 3, 36, -100, false), new Transition(1.0 / 3, 36, -1, false)],
            slippery.P[36][CliffWalkingEnv.Right]);
    }

    [Fact]
    public void ShortestCliffWalkIsThirteenSteps()
    {
        var env = new CliffWalkingEnv();
        env.Reset(seed: 1);
        double total = 0;
        Step<int> s = default;
        foreach (int a in new[] { CliffWalkingEnv.Up }.Concat(Enumerable.Repeat(CliffWalkingEnv.Right, 11)).Append(CliffWalkingEnv.Down))
        {
            s = env.Step(a);
            total += s.Reward;
        }
        Assert.True(s.Terminated);
        Assert.Equal(-13, total);
    }
}
