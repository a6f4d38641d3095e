using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Experts;

/// <summary>
/// The evidence for compounding errors: how far a learner's mean action is from the expert's on the states the
/// expert visits and on the states the learner visits itself, by quarter of the episode, and how often each
/// ends with the puck within <see cref="SuccessDistance"/> of the goal.
/// </summary>
public static class DistributionShift
{
    /// <summary>The puck counts as delivered when its centre ends this close to the goal's (m).</summary>
    public const double SuccessDistance = 0.1;

    /// <summary>Mean squared error of the clipped mean torques (summed over joints) per quarter of the episode on the expert's and on the learner's own states, and both success rates.</summary>
    public sealed record Result(double[] ErrorOnExpertStates, double[] ErrorOnOwnStates, double ExpertSuccess, double LearnerSuccess);

    /// <summary>Runs <paramref name="episodes"/> episodes of each (both sampling their Gaussians) from the same start states.</summary>
    public static Result Measure(LoadedGaussianPolicy expert, GaussianPolicy learner, int episodes = 20, int seed = 2_000)
    {
        var (onExpert, expertSuccess) = Errors(expert.SampleAction, expert, learner, episodes, seed);
        var (onOwn, learnerSuccess) = Errors(learner.SampleAction, expert, learner, episodes, seed);
        return new Result(onExpert, onOwn, expertSuccess, learnerSuccess);
    }

    static (double[] Quarters, double Success) Errors(Func<float[], float[]> acting, LoadedGaussianPolicy expert, GaussianPolicy learner, int episodes, int seed)
    {
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        var push = (ArmPushEnv)env.Unwrapped;
        var sums = new double[4]; var counts = new int[4];
        int delivered = 0;
        for (int e = 0; e < episodes; e++)
        {
            var (obs, _) = env.Reset(seed + e);
            for (int t = 0; ; t++)
            {
                float[] a = expert.GetAction(obs), b = learner.GetAction(obs);
                double err = 0;
                // Compared as the env applies them: the network's mean is unbounded, the torque is clipped to [−1, 1].
                for (int j = 0; j < a.Length; j++)
                {
                    double d = Math.Clamp(a[j], -1f, 1f) - Math.Clamp(b[j], -1f, 1f);
                    err += d * d;
                }
                int q = Math.Min(3, t / 25);
                sums[q] += err; counts[q]++;
                var s = env.Step(acting(obs));
                obs = s.Observation;
                if (s.Terminated || s.Truncated) break;
            }
            if (push.Distance < SuccessDistance) delivered++;
        }
        return ([.. sums.Zip(counts, (s, c) => s / c)], (double)delivered / episodes);
    }
}
