
namespace CourseKit.Checks.Dqn;

/// <summary>
/// Visible checks of <c>dqn.epsilon_greedy</c>:
/// <c>static int EpsilonGreedy(nn.Module&lt;Tensor, Tensor&gt; qNetwork, float[] observation, int nActions, double epsilon, Random rng)</c>.
/// </summary>
[ExerciseChecks("dqn.epsilon_greedy")]
public static class EpsilonGreedyChecks
{
    /// <summary>The self-check cell: <c>EpsilonGreedyChecks.Run(EpsilonGreedy);</c></summary>
    public static SelfCheckReport Run(Func<nn.Module<Tensor, Tensor>, float[], int, double, Random, int> epsilonGreedy) => SelfCheck.Run("dqn.epsilon_greedy", epsilonGreedy);

    /// <summary>ε = 0 picks argmax_a Q(s, a) from the network.</summary>
    [Check(Weight = 2, Description = "epsilon 0 takes the network's greedy action")]
    public static void GreedyAtZero(Func<nn.Module<Tensor, Tensor>, float[], int, double, Random, int> f)
    {
        var net = DqnFixtures.QNetwork(nActions: 3, seed: 1);
        var rng = new Random(0);
        float[][] states = [[0.1f, -0.2f, 0.3f, 0.0f], [1f, 1f, -1f, 0.5f], [-0.5f, 0.2f, 0.9f, -1f]];
        foreach (var s in states)
            Expect.Equal(DqnFixtures.Greedy(net, s), f(net, s, 3, 0.0, rng),
                $"EpsilonGreedy(q, [{string.Join(", ", s)}], nActions: 3, epsilon: 0) (epsilon 0 never explores: the greedy action, argmax_a Q(s, a) of the network)");
    }

    /// <summary>ε = 1 draws every action about equally often, with rng.Next(nActions).</summary>
    [Check(Description = "epsilon 1 explores uniformly")]
    public static void UniformAtOne(Func<nn.Module<Tensor, Tensor>, float[], int, double, Random, int> f)
    {
        var net = DqnFixtures.QNetwork(nActions: 3, seed: 2);
        var rng = new Random(5);
        var counts = new int[3];
        const int n = 3000;
        for (int i = 0; i < n; i++)
        {
            int a = f(net, [0.1f, 0.1f, 0.1f, 0.1f], 3, 1.0, rng);
            Expect.True(a is >= 0 and < 3, $"EpsilonGreedy returned action {a}; actions are 0..2.");
            counts[a]++;
        }
        for (int a = 0; a < 3; a++)
            Expect.True(counts[a] > n / 3 * 0.85 && counts[a] < n / 3 * 1.15,
                $"With epsilon 1 each of 3 actions should be picked about {n / 3} times in {n} calls; action {a} was picked {counts[a]} times. Explore with rng.Next(nActions).");
    }
}
