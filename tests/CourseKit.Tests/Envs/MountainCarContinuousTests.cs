using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

/// <summary>
/// MountainCarContinuous-v0 has no recorded reference file, so its rules from Gymnasium's source are
/// checked one by one: clipped force, penalty on the unclipped action, +100 at the flag, float32 state.
/// </summary>
public class MountainCarContinuousTests
{
    [Fact]
    public void ResetDrawsPositionLikeMountainCar()
    {
        var continuous = new MountainCarContinuousEnv();
        var discrete = new MountainCarEnv();
        continuous.Reset(seed: 7);
        discrete.Reset(seed: 7);
        Assert.Equal(discrete.State, continuous.State); // both: uniform(-0.6, -0.4), then velocity 0
    }

    [Fact]
    public void ForceIsClippedButThePenaltyUsesTheRawAction()
    {
        var a = new MountainCarContinuousEnv();
        var b = new MountainCarContinuousEnv();
        a.Reset(seed: 1);
        b.Reset(seed: 1);
        var pushed = a.Step([1f]);
        var overPushed = b.Step([3f]);
        Assert.Equal(pushed.Observation, overPushed.Observation);
        Assert.Equal(-0.1, pushed.Reward, 1e-12);
        Assert.Equal(-0.9, overPushed.Reward, 1e-12);
    }

    [Fact]
    public void ReachingTheFlagPaysAHundredMinusThePenalty()
    {
        var env = new MountainCarContinuousEnv();
        env.Reset(seed: 0);
        env.State = [0.44, 0.05];
        var s = env.Step([0.5f]);
        Assert.True(s.Terminated);
        Assert.Equal(100 - 0.1 * 0.25, s.Reward, 1e-12);
    }

    [Fact]
    public void StateIsKeptInFloat32AfterEachStep()
    {
        var env = new MountainCarContinuousEnv();
        env.Reset(seed: 2);
        Assert.NotEqual(env.State[0], (float)env.State[0]); // float64 right after reset
        env.Step([0.3f]);
        Assert.All(env.State, v => Assert.Equal(v, (double)(float)v));
    }

    [Fact]
    public void TheLeftWallStopsTheCar()
    {
        var env = new MountainCarContinuousEnv();
        env.Reset(seed: 0);
        env.State = [-1.19, -0.07];
        env.Step([-1f]);
        Assert.Equal((double)(float)-1.2, env.State[0]);
        Assert.Equal(0.0, env.State[1]);
    }
}
