using CourseKit.Checks;

namespace SampleCourse.HiddenChecks;

// Hidden checks: run by the grader and `dotnet test`, never by the notebook's self-check cell.

[ExerciseChecks("basics.discounted_returns")]
public static class DiscountedReturnsHidden
{
    [Check(Description = "empty episode gives no returns")]
    public static void EmptyEpisode(Func<double[], double, double[]> f) =>
        Expect.SequenceClose([], f([], 0.99), 0, "DiscountedReturns([], 0.99)");

    [Check(Description = "long episode matches the definition", Weight = 2)]
    public static void LongEpisode(Func<double[], double, double[]> f)
    {
        var rng = new Random(7);
        var rewards = Enumerable.Range(0, 200).Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var expected = new double[rewards.Length];
        for (int t = 0; t < rewards.Length; t++)
            for (int k = t; k < rewards.Length; k++) expected[t] += Math.Pow(0.9, k - t) * rewards[k];
        Expect.SequenceClose(expected, f(rewards, 0.9), 1e-9, "DiscountedReturns(200 random rewards, 0.9)");
    }

    [Check(Description = "the rewards array is left unchanged")]
    public static void InputUnchanged(Func<double[], double, double[]> f)
    {
        double[] rewards = [1, 2, 3];
        f(rewards, 0.5);
        Expect.SequenceClose([1, 2, 3], rewards, 0, "rewards after DiscountedReturns(rewards, 0.5)");
    }
}

[ExerciseChecks("basics.epsilon_greedy")]
public static class EpsilonGreedyHidden
{
    [Check(Description = "ties go to the lowest index")]
    public static void TiesLowestIndex(Func<double[], double, Random, int> f) =>
        Expect.Equal(1, f([0.0, 5.0, 5.0, 1.0], 0.0, new Random(3)), "EpsilonGreedy([0, 5, 5, 1], epsilon: 0)");

    [Check(Description = "greedy share is 1 - ε + ε/n")]
    public static void GreedyShare(Func<double[], double, Random, int> f)
    {
        var rng = new Random(11);
        const int n = 20000;
        int greedy = 0;
        for (int i = 0; i < n; i++) if (f([-3.0, -1.0, -2.0, -5.0], 0.2, rng) == 1) greedy++;
        double share = (double)greedy / n, expected = 1 - 0.2 + 0.2 / 4;
        Expect.Close(expected, share, 0.02, "share of greedy picks with epsilon 0.2 over 4 actions (negative Q-values)");
    }
}

[ExerciseChecks("basics.linear_schedule")]
public static class LinearScheduleHidden
{
    [Check(Description = "stays at end after the duration")]
    public static void AfterDuration(Func<int, int, double, double, double> f) =>
        Expect.Close(0.1, f(5000, 1000, 1.0, 0.1), 1e-9, "LinearSchedule(step: 5000, durationSteps: 1000, start: 1, end: 0.1)");
}
