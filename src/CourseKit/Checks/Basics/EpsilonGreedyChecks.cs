namespace CourseKit.Checks.Basics;

/// <summary>
/// Visible checks of <c>basics.epsilon_greedy</c>:
/// <c>static int EpsilonGreedy(double[] qValues, double epsilon, Random rng)</c>, which explores
/// (a uniformly random action) with probability ε and otherwise takes the greedy action.
/// </summary>
[ExerciseChecks("basics.epsilon_greedy")]
public static class EpsilonGreedyChecks
{
    /// <summary>The self-check cell under the exercise: <c>EpsilonGreedyChecks.Run(EpsilonGreedy);</c></summary>
    public static SelfCheckReport Run(Func<double[], double, Random, int> epsilonGreedy) => SelfCheck.Run("basics.epsilon_greedy", epsilonGreedy);

    /// <summary>ε = 0 must always pick the action with the largest Q-value.</summary>
    [Check(Description = "epsilon 0 is greedy")]
    public static void EpsilonZeroIsGreedy(Func<double[], double, Random, int> epsilonGreedy)
    {
        var rng = new Random(0);
        double[] q = [0.1, 0.7, -0.2, 0.3];
        for (int i = 0; i < 100; i++)
            Expect.Equal(1, epsilonGreedy(q, 0.0, rng), "EpsilonGreedy([0.1, 0.7, -0.2, 0.3], epsilon: 0)");
    }

    /// <summary>ε = 1 must explore: every action shows up, none dominates.</summary>
    [Check(Description = "epsilon 1 explores every action")]
    public static void EpsilonOneExplores(Func<double[], double, Random, int> epsilonGreedy)
    {
        var rng = new Random(1);
        var counts = new int[4];
        const int n = 4000;
        for (int i = 0; i < n; i++)
        {
            int a = epsilonGreedy([0.1, 0.7, -0.2, 0.3], 1.0, rng);
            Expect.True(a is >= 0 and < 4, $"EpsilonGreedy returned action {a}, outside 0..3.");
            counts[a]++;
        }
        foreach (var (count, action) in counts.Select((c, a) => (c, a)))
            Expect.True(count > n / 4 * 0.8,
                $"With epsilon 1 each of the 4 actions should be picked about {n / 4} times in {n} calls; action {action} was picked {count} times. " +
                "Explore with rng.Next(qValues.Length).");
    }
}
