using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class ArmReachTests
{
    [Fact]
    public void TheFingertipFollowsTheLinksAndTheRewardIsMinusItsDistance()
    {
        var env = new ArmReachEnv();
        env.Reset(seed: 0);
        env.State = [0, 0, 0, 0, 0, 0, 0.5, 0.5];          // stretched out along +x, target at (0.5, 0.5)
        Assert.Equal((1.0, 0.0), ArmReachEnv.Fingertip(env.State));
        var s = env.Step([0f, 0f, 0f]);
        Assert.Equal(-Math.Sqrt(0.5 * 0.5 + 0.5 * 0.5), s.Reward, 6);
        Assert.Equal(0.5f, s.Observation[9], 5);          // fingertip minus target
        Assert.Equal(-0.5f, s.Observation[10], 5);
        Assert.False(s.Terminated);

        env.State = [Math.PI / 2, 0, 0, 0, 0, 0, 0, 1];    // straight up, on the target
        Assert.Equal(0, env.Distance, 9);
    }

    [Fact]
    public void TorqueAcceleratesAJointUpToItsSpeedLimitAndDampingSlowsIt()
    {
        var env = new ArmReachEnv();
        env.Reset(seed: 1);
        for (int t = 0; t < 200; t++) env.Step([1f, 0f, 0f]);
        Assert.Equal(2.5, env.State[3], 2);              // 5·torque = 2·velocity at the steady state
        Assert.Equal(0, env.State[4], 9);
        for (int t = 0; t < 200; t++) env.Step([0f, 0f, 0f]);
        Assert.InRange(Math.Abs(env.State[3]), 0, 1e-6);
        env.State = [0, 0, 0, 5, 0, 0, 0.5, 0];          // faster than the limit (a state set by hand)
        env.Step([1f, 0f, 0f]);
        Assert.Equal(4, env.State[3], 9);                // 4.75 after one step, clipped to 4 rad/s
    }

    [Fact]
    public void EpisodesLast100StepsAndRandomPlayEndsFarFromTheTarget()
    {
        var env = Gym.Make<float[], float[]>("ArmReach-v0");
        var rng = new Random(0);
        double final = 0;
        for (int e = 0; e < 20; e++)
        {
            var (obs, _) = env.Reset(seed: e);
            int steps = 0;
            Step<float[]> s;
            do { s = env.Step([(float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1)]); steps++; } while (!s.Done);
            Assert.Equal(100, steps);
            Assert.True(s.Truncated);
            final += Math.Sqrt(s.Observation[9] * s.Observation[9] + s.Observation[10] * s.Observation[10]);
        }
        Assert.InRange(final / 20, 0.5, 1.5);
    }
}
