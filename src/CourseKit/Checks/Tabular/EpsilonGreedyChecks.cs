namespace CourseKit.Checks.Tabular;

/// <summary>
/// Visible checks of <c>tabular.epsilon_greedy</c>:
/// <c>static int EpsilonGreedy(double[,] q, int state, double epsilon, Random rng)</c>, which explores (a uniformly
/// random action) with probability ε and otherwise takes the greedy action of the Q-table's row <c>state</c>.
/// </summary>
[ExerciseChecks("tabular.epsilon_greedy")]
public static class EpsilonGreedyChecks
{
    /// <summary>The self-check cell under the exercise: <c>EpsilonGreedyChecks.Run(EpsilonGreedy);</c></summary>
    public static SelfCheckReport Run(Func<double[,], int, double, Random, int> epsilonGreedy) => SelfCheck.Run("tabular.epsilon_greedy", epsilonGreedy);

    /// <summary>ε = 0 picks the largest entry of the row of the given state, for each state.</summary>
    [Check(Description = "epsilon 0 takes the greedy action of the given state's row")]
    public static void EpsilonZeroIsGreedy(Func<double[,], int, double, Random, int> epsilonGreedy)
    {
        var q = TabularFixtures.Table([0.1, 0.7, -0.2, 0.3], [0.9, 0.0, 0.1, 0.2], [0.0, 0.1, 0.2, 0.5], [0.4, -1.0, 0.4, 0.1]);
        int[] greedy = [1, 0, 3, 0];
        var rng = new Random(0);
        for (int s = 0; s < 4; s++)
            for (int i = 0; i < 20; i++)
                Expect.Equal(greedy[s], epsilonGreedy(q, s, 0.0, rng),
                    $"q = {TabularFixtures.Show(q)}, EpsilonGreedy(q, state: {s}, epsilon: 0, rng) (the largest entry of row {s}; on a tie, the lowest index)");
    }

    /// <summary>ε = 1 explores: every action shows up about equally often.</summary>
    [Check(Description = "epsilon 1 explores every action uniformly")]
    public static void EpsilonOneExplores(Func<double[,], int, double, Random, int> epsilonGreedy)
    {
        var q = TabularFixtures.Table([0.1, 0.7, -0.2, 0.3]);
        var rng = new Random(1);
        var counts = new int[4];
        const int n = 4000;
        for (int i = 0; i < n; i++)
        {
            int a = epsilonGreedy(q, 0, 1.0, rng);
            Expect.True(a is >= 0 and < 4, $"EpsilonGreedy(q with 4 actions, state: 0, epsilon: 1, rng) returned action {a}, outside 0..3.");
            counts[a]++;
        }
        for (int a = 0; a < 4; a++)
            Expect.True(counts[a] > n / 4 * 0.8,
                $"With epsilon 1 each of the 4 actions should be picked about {n / 4} times in {n} calls; action {a} was picked {counts[a]} times " +
                $"(counts [{string.Join(", ", counts)}]). Explore with rng.Next(q.GetLength(1)).");
    }

    [Check(Description = "ties go to the lowest index (an all-zero row gives action 0)")]
    public static void TiesLowestIndex(Func<double[,], int, double, Random, int> f)
    {
        var q = TabularFixtures.Table([0.0, 0.0, 0.0, 0.0], [0.0, 5.0, 5.0, 1.0]);
        var rng = new Random(3);
        Expect.Equal(0, f(q, 0, 0.0, rng), $"q = {TabularFixtures.Show(q)}, EpsilonGreedy(q, state: 0, epsilon: 0, rng) (a tie goes to the lowest index: replace the best only on a strictly larger value)");
        Expect.Equal(1, f(q, 1, 0.0, rng), $"q = {TabularFixtures.Show(q)}, EpsilonGreedy(q, state: 1, epsilon: 0, rng) (a tie goes to the lowest index: replace the best only on a strictly larger value)");
    }
}
