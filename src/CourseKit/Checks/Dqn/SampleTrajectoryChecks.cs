using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.sample_trajectory</c>:
/// <c>static Trajectory&lt;float[], int&gt; SampleTrajectory(Env&lt;float[], int&gt; env, Func&lt;float[], int&gt; policy, int maxLength, int? seed)</c>.
/// </summary>
[ExerciseChecks("dqn.sample_trajectory")]
public static class SampleTrajectoryChecks
{
    /// <summary>The self-check cell: <c>SampleTrajectoryChecks.Run(SampleTrajectory);</c></summary>
    public static SelfCheckReport Run(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f) => SelfCheck.Run("dqn.sample_trajectory", f);

    /// <summary>A fixed balancing rule, so rollouts are long and deterministic.</summary>
    public static int Balance(float[] o) => o[2] * 18 + o[3] * 3 + o[1] * 1.5f + o[0] > 0 ? 1 : 0;

    /// <summary>Compares the student's rollout with CourseKit's on the same env, policy and seed.</summary>
    public static void Compare(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f,
        Func<Env<float[], int>> makeEnv, Func<float[], int> policy, int maxLength, int seed, string what)
    {
        var expected = Rollouts.SampleTrajectory(makeEnv(), policy, maxLength, seed);
        var got = f(makeEnv(), policy, maxLength, seed);
        Expect.True(got is not null, $"{what} returned null.");
        Expect.Equal(expected.Length, got!.Length,
            $"{what}: number of steps (stop at the first step that is terminated OR truncated, or after maxLength steps, whichever comes first)");
        Expect.Equal(expected.Observations.Length, got.Observations.Length, $"{what}: number of observations");
        for (int t = 0; t < expected.Length; t++)
        {
            Expect.SequenceClose(expected.Observations[t].Select(v => (double)v).ToArray(), got.Observations[t]?.Select(v => (double)v).ToArray(), 0, $"{what}: observation {t}");
            Expect.SequenceClose(expected.NextObservations[t].Select(v => (double)v).ToArray(), got.NextObservations[t]?.Select(v => (double)v).ToArray(), 0, $"{what}: next observation {t}");
            Expect.Equal(expected.Actions[t], got.Actions[t], $"{what}: action {t}");
            Expect.Equal(expected.Rewards[t], got.Rewards[t], $"{what}: reward {t}");
            Expect.Equal(expected.Terminals[t], got.Terminals[t], $"{what}: terminal flag {t} (store terminated only: a truncation is not terminal)");
        }
        Expect.Equal(expected.Truncated, got.Truncated, $"{what}: Truncated (true when the rollout stopped for any reason other than termination)");
    }

    // Three ways a rollout ends: the pole falls (terminated), the env's time limit (truncated, not terminal), maxLength
    // (Truncated flag set by the rollout). Each check covers two of them, so each rule is graded by two checks of three.

    static void Termination(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f) =>
        Compare(f, () => Gym.Make("CartPole-v1"), _ => 1, 500, 0, "SampleTrajectory(CartPole-v1, always right, maxLength: 500, seed: 0)");

    static void TimeLimitTruncation(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f) =>
        Compare(f, () => Gym.Make("CartPole-v1", maxEpisodeSteps: 40), Balance, 1000, 3,
            "SampleTrajectory(CartPole-v1 with a 40-step time limit, balancing policy, maxLength: 1000, seed: 3)");

    static void MaxLength(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f) =>
        Compare(f, () => Gym.Make("CartPole-v1"), Balance, 25, 1, "SampleTrajectory(CartPole-v1, balancing policy, maxLength: 25, seed: 1)");

    /// <summary>A rollout that ends by termination, and one cut by the env's time limit.</summary>
    [Check(Description = "stops when the pole falls (terminal) and at a time limit (not terminal)")]
    public static void TerminationAndTimeLimit(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f)
    {
        Termination(f);
        TimeLimitTruncation(f);
    }

    /// <summary>A rollout cut by maxLength, and one cut by the env's time limit.</summary>
    [Check(Description = "stops at maxLength or a time limit: Truncated, no terminal flag")]
    public static void MaxLengthAndTimeLimit(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f)
    {
        MaxLength(f);
        TimeLimitTruncation(f);
    }

    /// <summary>A rollout cut by maxLength, and one that ends by termination.</summary>
    [Check(Description = "stops at maxLength (Truncated) and when the pole falls (not Truncated)")]
    public static void MaxLengthAndTermination(Func<Env<float[], int>, Func<float[], int>, int, int?, Trajectory<float[], int>> f)
    {
        MaxLength(f);
        Termination(f);
    }
}
