using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Tests.Envs;

public class CarTrackTests
{
    static double Drive(Env<float[], float[]> env, Func<float[], float[]> policy, int seed, out int steps, out bool terminated)
    {
        var (obs, _) = env.Reset(seed: seed);
        double total = 0;
        steps = 0;
        while (true)
        {
            var s = env.Step(policy(obs));
            total += s.Reward;
            steps++;
            if (s.Done) { terminated = s.Terminated; return total; }
            obs = s.Observation;
        }
    }

    [Theory]
    [InlineData(0.03, 2.5)]
    [InlineData(0.09, 1.0)]
    public void ThePurePursuitExpertDrivesEveryRoadToTheTimeLimit(double curvature, double halfWidth)
    {
        for (int seed = 0; seed < 10; seed++)
        {
            var env = new TimeLimit<float[], float[]>(new CarTrackEnv(curvature, halfWidth), 400);
            double total = Drive(env, PurePursuit.Act, seed, out int steps, out bool terminated);
            Assert.False(terminated, $"seed {seed}: the expert left the road after {steps} steps");
            Assert.Equal(400, steps);
            Assert.InRange(total, 195, 205);   // 0.5 m of road per step
        }
    }

    [Fact]
    public void DrivingStraightOnLeavesAWindingRoadAndTerminates()
    {
        var env = Gym.Make<float[], float[]>("CarTrack-v0");
        int shortest = int.MaxValue;
        for (int seed = 0; seed < 5; seed++)
        {
            Drive(env, _ => [0f], seed, out int steps, out bool terminated);
            Assert.True(terminated);
            shortest = Math.Min(shortest, steps);
        }
        Assert.True(shortest < 200, $"straight driving stayed on the road for {shortest} steps");
    }

    [Fact]
    public void TheObservationDescribesTheCarRelativeToTheRoad()
    {
        var env = new CarTrackEnv(curvature: 0);   // a straight road along +x
        env.Reset(seed: 1);
        var state = env.State;
        state[1] = 0.7;            // 0.7 m to the left of the centre line (the road runs along y = 0)
        state[2] = 0.1;            // heading 0.1 rad to the left
        env.State = state;
        var obs = env.Step([0f]).Observation;
        Assert.InRange(obs[0], 0.7, 0.8);   // still left, drifting further left
        Assert.Equal(0.1, obs[1], 3);
        Assert.Equal(3.0, obs[2], 1); Assert.Equal(0.0, obs[3], 3);
        Assert.Equal(6.0, obs[4], 1); Assert.Equal(9.0, obs[6], 1);
        // The expert steers back to the right (negative steering).
        Assert.True(PurePursuit.Act(obs)[0] < 0);
    }

    [Fact]
    public void TheSameSeedGivesTheSameRoadAndDifferentSeedsDifferentOnes()
    {
        var a = new CarTrackEnv(); a.Reset(seed: 3);
        var b = new CarTrackEnv(); b.Reset(seed: 3);
        var c = new CarTrackEnv(); c.Reset(seed: 4);
        Assert.Equal(a.Road, b.Road);
        Assert.NotEqual(a.Road[^1], c.Road[^1]);
    }

    [Fact]
    public void BadInputGetsClearErrors()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CarTrackEnv(curvature: 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CarTrackEnv(halfWidth: 0.2));
        Assert.Contains("8 values", Assert.Throws<ArgumentException>(() => PurePursuit.Act([1f, 2f])).Message);
        var env = new CarTrackEnv();
        env.Reset(seed: 0);
        Assert.ThrowsAny<ArgumentException>(() => env.Step([0f, 0f]));
    }

    [Fact]
    public void ThePendulumExpertSwingsUpAndBalances()
    {
        var env = Gym.Make<float[], float[]>("Pendulum-v1");
        double total = 0;
        for (int seed = 0; seed < 10; seed++)
        {
            total += Drive(env, PendulumSwingUp.Act, seed, out _, out _);
            var (cos, _, _) = (env.Unwrapped as PendulumEnv)!.State switch { var s => (Math.Cos(s[0]), 0, 0) };
            Assert.True(cos > 0.99, $"seed {seed}: the pendulum is not upright at the end (cos θ = {cos:0.###})");
        }
        // Random torques score about -1250 per episode; the expert about -150.
        Assert.InRange(total / 10, -250, -100);
        Assert.Contains("[cos θ, sin θ, θ̇]", Assert.Throws<ArgumentException>(() => PendulumSwingUp.Act([1f])).Message);
    }
}
