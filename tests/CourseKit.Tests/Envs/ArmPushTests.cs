using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

/// <summary>
/// ArmPush-v0 has no reference implementation to compare against, so it is held to invariants: the env
/// checker's contract, no overlap between peg and puck, determinism under a seed, a puck that moves only
/// when touched and stops by friction, Pusher's reward, and the 100-step truncation.
/// </summary>
public class ArmPushTests
{
    const double Contact = ArmPushEnv.FingertipRadius + ArmPushEnv.PuckRadius;
    // The fingertip cannot move faster than Σ top joint speed × distance from the joint to the tip:
    // 1.5 rad/s × (1.0 + 0.6 + 0.25) m = 2.775 m/s, so at most 0.139 m in a step of 0.05 s.
    const double MaxTipTravelPerStep = 1.5 * (1.0 + 0.6 + 0.25) * 0.05;

    /// <summary>Torques that drive the peg into the puck (Jacobian transpose of the pull towards it), with noise.</summary>
    static float[] PushingTorques(double[] state, Random rng, double noise)
    {
        var (tx, ty) = ArmReachEnv.Fingertip(state);
        double ex = state[6] - tx, ey = state[7] - ty;
        var torques = new float[3];
        double angle = 0, x = 0, y = 0;
        var joints = new (double X, double Y)[3];
        for (int j = 0; j < 3; j++)
        {
            joints[j] = (x, y);
            angle += state[j];
            x += ArmReachEnv.Links[j] * Math.Cos(angle);
            y += ArmReachEnv.Links[j] * Math.Sin(angle);
        }
        for (int j = 0; j < 3; j++)
        {
            // ∂tip/∂θj = z × (tip − joint j)
            double jx = -(ty - joints[j].Y), jy = tx - joints[j].X;
            torques[j] = (float)Math.Clamp(8 * (jx * ex + jy * ey) + noise * (rng.NextDouble() * 2 - 1), -1, 1);
        }
        return torques;
    }

    static float[] RandomTorques(Random rng) =>
        [(float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1)];

    [Fact]
    public void TheEnvCheckerPassesForTheRawEnvTheRegisteredOneAndItsDiscretisedActions()
    {
        EnvChecker.Check(() => new ArmPushEnv(), maxSteps: 300);
        EnvChecker.Check(() => Gym.Make<float[], float[]>("ArmPush-v0"));
        float[][] actions = [[0, 0, 0], [1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];
        EnvChecker.Check(() => new DiscretizeActions<float[]>(Gym.Make<float[], float[]>("ArmPush-v0"), actions));
    }

    [Fact]
    public void ResetsStayInTheDocumentedRangesWithThePegClearOfThePuck()
    {
        var env = new ArmPushEnv();
        double nearest = double.MaxValue, minStart = double.MaxValue, maxStart = 0;
        for (int seed = 0; seed < 2000; seed++)
        {
            env.Reset(seed);
            var s = env.State;
            Assert.InRange(s[0], -1.0, -0.6);
            Assert.InRange(s[1], 0, 0.6);
            Assert.InRange(s[2], 0, 0.6);
            Assert.Equal([0, 0, 0], s[3..6]);
            Assert.Equal([0, 0], s[8..10]);
            Assert.InRange(Math.Sqrt(s[6] * s[6] + s[7] * s[7]), 0.5, 0.7);
            Assert.InRange(Math.Atan2(s[7], s[6]), -0.2, 0.2);
            Assert.InRange(Math.Sqrt(s[10] * s[10] + s[11] * s[11]), 0.5, 0.7);
            Assert.InRange(Math.Atan2(s[11], s[10]), 0.4, 0.8);
            nearest = Math.Min(nearest, ArmPushEnv.FingertipToPuck(s));
            minStart = Math.Min(minStart, env.Distance);
            maxStart = Math.Max(maxStart, env.Distance);
        }
        Assert.True(nearest > Contact + 0.05, $"the peg started {nearest:F3} m from the puck's centre");
        // The class documents a start 0.1 to 0.67 m from the goal.
        Assert.InRange(minStart, 0.1, 0.15);
        Assert.InRange(maxStart, 0.6, 0.671);
    }

    [Fact]
    public void PegAndPuckNeverOverlapBeyond1NanometreAndPushingMovesThePuck()
    {
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        var raw = (ArmPushEnv)env.Unwrapped;
        var rng = new Random(7);
        int contacts = 0;
        double worst = 0, farthestPush = 0;
        for (int episode = 0; episode < 200; episode++)
        {
            env.Reset(seed: episode);
            double noise = episode % 2 == 0 ? 0.5 : 2.0, startDistance = raw.Distance;
            Step<float[]> s;
            do
            {
                s = env.Step(PushingTorques(raw.State, rng, noise));
                double gap = ArmPushEnv.FingertipToPuck(raw.State) - Contact;
                worst = Math.Max(worst, ArmPushEnv.Overlap(raw.State));
                if (gap < 1e-6) contacts++;
            } while (!s.Done);
            farthestPush = Math.Max(farthestPush, Math.Abs(raw.Distance - startDistance));
        }
        Assert.True(worst < 1e-9, $"peg and puck overlapped by {worst:E2} m");
        Assert.True(contacts > 5000, $"only {contacts} steps ended in contact: the rollouts do not test contact");
        Assert.True(farthestPush > 0.2, $"pushing moved the puck's distance to the goal by at most {farthestPush:F3} m");
    }

    [Fact]
    public void APuckAtRestMovesOnlyWhenThePegComesWithinReach()
    {
        var env = new ArmPushEnv();
        var rng = new Random(3);
        int farSteps = 0, moves = 0;
        for (int episode = 0; episode < 100; episode++)
        {
            env.Reset(seed: episode);
            for (int t = 0; t < 100; t++)
            {
                var before = (double[])env.State.Clone();
                bool atRest = before[8] == 0 && before[9] == 0;
                bool far = ArmPushEnv.FingertipToPuck(before) > Contact + MaxTipTravelPerStep;
                env.Step(episode % 2 == 0 ? RandomTorques(rng) : PushingTorques(env.State, rng, 1.0));
                bool moved = env.State[6] != before[6] || env.State[7] != before[7];
                if (atRest && far)
                {
                    farSteps++;
                    Assert.False(moved, $"episode {episode}, step {t}: a puck at rest with the peg out of reach moved");
                }
                if (atRest && moved) moves++;
            }
        }
        Assert.True(farSteps > 1000 && moves > 50, $"{farSteps} steps out of reach, {moves} pushes from rest: too few to test");
    }

    [Fact]
    public void TheLinksPassOverThePuckWithoutMovingIt()
    {
        var env = new ArmPushEnv();
        env.Reset(seed: 0);
        // The first link lies along +x and sweeps through a puck at (0.2, 0.05); the peg stays far beyond it.
        env.State = [-0.3, 0, 0, 0, 0, 0, 0.2, 0.05, 0, 0, 0.6, 0.5];
        for (int t = 0; t < 20; t++) env.Step([1f, 0f, 0f]);
        Assert.True(env.State[0] > 0.5, "the arm should have swept past the puck");
        Assert.Equal(0.2, env.State[6]);
        Assert.Equal(0.05, env.State[7]);
    }

    [Fact]
    public void APuckLeftSlidingStopsWhereCoulombFrictionSays()
    {
        var env = new ArmPushEnv();
        env.Reset(seed: 0);
        // Arm stretched along −x (out of the way), puck at the origin sliding along +y at 1 m/s.
        env.State = [Math.PI, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0.6, 0.5];
        for (int t = 0; t < 10; t++) env.Step([0f, 0f, 0f]);
        double mu_g = 0.5 * 9.81;
        Assert.Equal(0, env.State[8]);
        Assert.Equal(0, env.State[9]);               // stopped after 1 / 4.9 ≈ 0.2 s, well within 0.5 s
        Assert.Equal(0, env.State[6]);
        Assert.Equal(1 / (2 * mu_g), env.State[7], 2); // v² / 2μg ≈ 0.102 m, up to the substep's discretisation
    }

    [Fact]
    public void TheRewardIsPushersFormulaOnTheStateAfterTheStep()
    {
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        var raw = (ArmPushEnv)env.Unwrapped;
        var rng = new Random(11);
        for (int episode = 0; episode < 20; episode++)
        {
            env.Reset(seed: 100 + episode);
            for (int t = 0; t < 100; t++)
            {
                // Actions up to ±1.5 to check that the control cost uses the clipped torque.
                float[] action = episode % 2 == 0 ? [.. RandomTorques(rng).Select(a => a * 1.5f)] : PushingTorques(raw.State, rng, 0.3);
                var s = env.Step(action);
                var st = raw.State;
                double angle = 0, x = 0, y = 0;
                for (int j = 0; j < 3; j++)
                {
                    angle += st[j];
                    x += ArmReachEnv.Links[j] * Math.Cos(angle);
                    y += ArmReachEnv.Links[j] * Math.Sin(angle);
                }
                double control = action.Sum(a => Math.Pow(Math.Clamp(a, -1.0, 1.0), 2));
                double expected = -Math.Sqrt(Math.Pow(st[6] - st[10], 2) + Math.Pow(st[7] - st[11], 2))
                                  - 0.1 * control
                                  - 0.5 * Math.Sqrt(Math.Pow(x - st[6], 2) + Math.Pow(y - st[7], 2));
                Assert.Equal(expected, s.Reward, 12);
                Assert.Equal((float)(st[6] - st[10]), s.Observation[11]);
                Assert.Equal((float)(x - st[6]), s.Observation[9], 6);
            }
        }
    }

    [Fact]
    public void EpisodesAreTruncatedAt100StepsAndNeverTerminate()
    {
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        Assert.Equal(100, Gym.Spec("ArmPush-v0").MaxEpisodeSteps);
        var rng = new Random(5);
        for (int episode = 0; episode < 10; episode++)
        {
            env.Reset(seed: episode);
            for (int t = 1; t <= 100; t++)
            {
                var s = env.Step(RandomTorques(rng));
                Assert.False(s.Terminated);
                Assert.Equal(t == 100, s.Truncated);
            }
        }
        var raw = new ArmPushEnv();
        raw.Reset(seed: 0);
        for (int t = 0; t < 1000; t++) Assert.False(raw.Step(RandomTorques(rng)).Terminated);
    }

    [Fact]
    public void TheSameSeedAndActionsGiveTheSameEpisodeBitForBit()
    {
        Step<float[]>[] Run(int seed)
        {
            var env = Gym.Make<float[], float[]>("ArmPush-v0");
            var rng = new Random(42);
            env.Reset(seed);
            var raw = (ArmPushEnv)env.Unwrapped;
            return [.. Enumerable.Range(0, 100).Select(t => env.Step(t % 3 == 0 ? RandomTorques(rng) : PushingTorques(raw.State, rng, 0.5)))];
        }
        var a = Run(9);
        var b = Run(9);
        var c = Run(10);
        for (int t = 0; t < 100; t++)
        {
            Assert.Equal(a[t].Observation, b[t].Observation);
            Assert.Equal(a[t].Reward, b[t].Reward);
        }
        Assert.NotEqual(a[0].Observation, c[0].Observation);
    }
}
