using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class DuplicateActionsTests
{
    [Fact]
    public void Every_copy_of_an_action_does_what_the_original_did()
    {
        var env = Gym.Make("CartPole-v1").WithDuplicatedActions(5);
        Assert.Equal(10, ((Discrete)env.ActionSpace).N);
        int[] actions = [7, 2, 9, 0, 5, 4, 1, 8, 3, 6, 6, 6];
        var plain = Gym.Make("CartPole-v1");
        var (a, _) = env.Reset(seed: 11);
        var (b, _) = plain.Reset(seed: 11);
        Assert.Equal(b, a);
        foreach (int action in actions)
        {
            var s = env.Step(action);
            var p = plain.Step(action % 2);
            Assert.Equal(p.Observation, s.Observation);
            Assert.Equal(p.Reward, s.Reward);
            Assert.Equal(p.Terminated, s.Terminated);
            Assert.Equal(p.Truncated, s.Truncated);
            if (s.Done) break;
        }
    }

    [Fact]
    public void One_copy_leaves_the_action_space_alone()
    {
        var env = Gym.Make("CartPole-v1").WithDuplicatedActions(1);
        Assert.Equal(2, ((Discrete)env.ActionSpace).N);
        Assert.Equal(1, env.Original(1));
    }

    [Fact]
    public void Bad_copies_actions_and_spaces_get_clear_errors()
    {
        Assert.Contains("at least 1 copy", Assert.Throws<ArgumentOutOfRangeException>(() => Gym.Make("CartPole-v1").WithDuplicatedActions(0)).Message);
        var env = Gym.Make("CartPole-v1").WithDuplicatedActions(3);
        env.Reset(seed: 0);
        Assert.Contains("0..5", Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(6)).Message);
        Assert.Contains("Discrete(n)", Assert.Throws<ArgumentException>(() => new DuplicateActions<float[]>(new FixedSpaceEnv(new Discrete(3, start: 1)), 2)).Message);
    }

    /// <summary>An env with a given action space and nothing else, to test the wrapper's refusal.</summary>
    sealed class FixedSpaceEnv(Space<int> actions) : Env<float[], int>
    {
        public override Space<float[]> ObservationSpace => new Box(-1, 1, [1]);
        public override Space<int> ActionSpace => actions;
        public override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null) => ([0f], EnvInfo.Empty);
        public override Step<float[]> Step(int action) => new([0f], 0, true, false, EnvInfo.Empty);
        public override Frame Render() => throw new NotSupportedException();
    }
}
