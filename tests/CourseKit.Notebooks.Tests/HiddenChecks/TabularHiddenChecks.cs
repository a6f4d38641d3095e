using CourseKit.Checks;
using CourseKit.Checks.Tabular;
using CourseKit.Envs;
using Model = System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<CourseKit.Envs.Transition>>>;

namespace CourseHiddenChecks.Tabular;

// Hidden checks of notebooks/01_tabular_q_learning.ipynb: run by the grader and `dotnet test`,
// never by the notebook's self-check cells. The V* and V^π constants were recorded from
// Gymnasium 1.4.0's FrozenLake-v1 model (shared/reference/frozenlake_v1.json).

[ExerciseChecks("tabular.value_iteration")]
public static class ValueIterationHidden
{
    // FrozenLake8x8-v1, slippery, gamma 0.9: V* recorded from Gymnasium (value iteration to 1e-12).
    static readonly double[] VStar8x8SlipperyGamma09 =
    [
        0.006411114257706731, 0.008548152345201147, 0.012300498229505363, 0.017789476931981168, 0.025082182965232624, 0.03247093430935116, 0.03957138135726016, 0.04297848493778145,
        0.006024130642934733, 0.007645190577430284, 0.010911685604823225, 0.016426596543840093, 0.02605415927716631, 0.0361941320321612, 0.04935473823005241, 0.05730464658458412,
        0.005090317109250928, 0.0058532759469880884, 0.0067754121381990145, 0.0, 0.025570882594097538, 0.038821434235370336, 0.06763976615917128, 0.08435610380145017,
        0.004225683720146292, 0.004769611572764217, 0.005819745576957613, 0.007854128213480109, 0.020360681801980897, 0.0, 0.09175504516649118, 0.12919114271158733,
        0.0031810051684525486, 0.003196661674500492, 0.002704922175166965, 0.0, 0.03444392853306875, 0.06195147262249946, 0.109019241684872, 0.20969095449448333,
        0.0018692504567553946, 0.0, 0.0, 0.01085080189739897, 0.03250094068629236, 0.06304173852422099, 0.0, 0.36008775110937435,
        0.0011805792328378668, 0.0, 0.0013771946759969771, 0.0036683989719327463, 0.0, 0.11568671510561848, 0.0, 0.630513798094414,
        0.000885434422491465, 0.0007747218723848099, 0.0009222499486664887, 0.0, 0.13824884792626735, 0.3225806451612904, 0.6144393241167436, 0.0,
    ];

    // FrozenLake-v1 4x4, not slippery, gamma 0.9: V* recorded from Gymnasium (powers of 0.9 along the shortest path).
    static readonly double[] VStar4x4DeterministicGamma09 =
    [
        0.5904900000000002, 0.6561000000000001, 0.7290000000000001, 0.6561000000000001,
        0.6561000000000001, 0.0, 0.81, 0.0,
        0.7290000000000001, 0.81, 0.9, 0.0,
        0.0, 0.9, 1.0, 0.0,
    ];

    [Check(Weight = 2, Description = "8x8 slippery FrozenLake, gamma 0.9: V* as recorded from Gymnasium")]
    public static void FrozenLake8x8Slippery(Func<Model, double, double, double[]> f)
    {
        var v = f(TabularFixtures.FrozenLakeEndsAtStart(FrozenLakeMaps.Map8x8, isSlippery: true), 0.9, 1e-10);
        TabularFixtures.OneValuePerState(v, 64, "ValueIteration(8x8 slippery P, gamma: 0.9, tolerance: 1e-10)");
        Expect.SequenceClose(VStar8x8SlipperyGamma09, v, 1e-7,
            "ValueIteration(8x8 slippery P with terminating transitions pointed at the start, gamma: 0.9, tolerance: 1e-10) (V(s') = 0 after a terminated transition)");
    }

    [Check(Description = "4x4 deterministic FrozenLake, gamma 0.9: V* as recorded from Gymnasium")]
    public static void FrozenLake4x4Deterministic(Func<Model, double, double, double[]> f)
    {
        var v = f(TabularFixtures.FrozenLakeEndsAtStart(FrozenLakeMaps.Map4x4, isSlippery: false), 0.9, 1e-10);
        TabularFixtures.OneValuePerState(v, 16, "ValueIteration(4x4 non-slippery P, gamma: 0.9, tolerance: 1e-10)");
        Expect.SequenceClose(VStar4x4DeterministicGamma09, v, 1e-9,
            "ValueIteration(4x4 non-slippery P with terminating transitions pointed at the start, gamma: 0.9, tolerance: 1e-10) (V(s') = 0 after a terminated transition)");
    }

    // Every action costs: the best value of a state is negative, so a max that starts at 0 is wrong.
    // State 0: a0 → state 1 (−1), a1 → stay (−2). State 1: a0 → end (−1, terminated), a1 → 50/50 back to 0 or end (−1).
    // State 2: absorbing end. With γ = 0.9: V = [−1.9, −1, 0]. (State 1's terminating transitions lead back to state 0:
    // nothing follows a termination, so where they lead must not matter.)
    [Check(Description = "negative rewards: the best action can have a negative value")]
    public static void NegativeRewards(Func<Model, double, double, double[]> f)
    {
        var model = TabularFixtures.Model(
            [[new Transition(1.0, 1, -1.0, false)], [new Transition(1.0, 0, -2.0, false)]],
            [[new Transition(1.0, 0, -1.0, true)], [new Transition(0.5, 0, -1.0, false), new Transition(0.5, 0, -1.0, true)]],
            [[new Transition(1.0, 2, 0.0, true)], [new Transition(1.0, 2, 0.0, true)]]);
        var v = f(model, 0.9, 1e-12);
        TabularFixtures.OneValuePerState(v, 3, "ValueIteration(3-state model with costs, gamma: 0.9)");
        Expect.SequenceClose([-1.9, -1.0, 0.0], v, 1e-9,
            "ValueIteration(3-state model where every step costs 1 or 2, gamma: 0.9) (the max over actions must start below any value, e.g. double.NegativeInfinity, not 0)");
    }

    // γ = 1 still converges on FrozenLake (every policy ends in a hole or the goal eventually): V*(0) = 14/17.
    [Check(Description = "gamma 1 on 4x4 slippery: the probability of ever reaching the goal")]
    public static void GammaOne(Func<Model, double, double, double[]> f)
    {
        var v = f(TabularFixtures.FrozenLake(FrozenLakeMaps.Map4x4, isSlippery: true), 1.0, 1e-12);
        TabularFixtures.OneValuePerState(v, 16, "ValueIteration(4x4 slippery P, gamma: 1, tolerance: 1e-12)");
        Expect.Close(14.0 / 17.0, v[0], 1e-6, "ValueIteration(4x4 slippery P, gamma: 1, tolerance: 1e-12): V[0]");
    }
}

[ExerciseChecks("tabular.policy_evaluation")]
public static class PolicyEvaluationHidden
{
    // FrozenLake-v1 4x4 slippery, gamma 0.99: V^π of the optimal policy, solved exactly (numpy.linalg.solve) from Gymnasium's model.
    static readonly double[] VExact4x4SlipperyGamma099 =
    [
        0.5420259320004736, 0.4988031872294623, 0.4706956905563136, 0.4568516996575986,
        0.5584509602429121, 0.0, 0.3583480719830342, 0.0,
        0.5917987448563479, 0.6430798247684608, 0.6152075578771233, 0.0,
        0.0, 0.7417204389891373, 0.8628374301488786, 0.0,
    ];

    [Check(Weight = 2, Description = "a long horizon with gamma 0.99 converges to the exact V^π recorded from Gymnasium")]
    public static void LongHorizonConverges(Func<Model, int[], double, int, double[]> f)
    {
        var v = f(TabularFixtures.FrozenLakeEndsAtStart(FrozenLakeMaps.Map4x4, isSlippery: true), [.. PolicyEvaluationChecks.OptimalPolicy4x4Slippery], 0.99, 5000);
        TabularFixtures.OneValuePerState(v, 16, "EvaluatePolicy(4x4 slippery P, optimal policy, gamma: 0.99, steps: 5000)");
        // The model's terminating transitions point at the start: bootstrapping from them would raise every value.
        Expect.SequenceClose(VExact4x4SlipperyGamma099, v, 1e-9,
            "EvaluatePolicy(4x4 slippery P with terminating transitions pointed at the start, optimal policy, gamma: 0.99, steps: 5000) (V(s') counts 0 after a terminated transition)");
    }

    [Check(Description = "steps 0 gives all zeros")]
    public static void ZeroSteps(Func<Model, int[], double, int, double[]> f)
    {
        var v = f(TabularFixtures.FrozenLake(FrozenLakeMaps.Map4x4, isSlippery: true), [.. PolicyEvaluationChecks.OptimalPolicy4x4Slippery], 1.0, 0);
        Expect.SequenceClose(new double[16], v, 0, "EvaluatePolicy(4x4 slippery P, optimal policy, gamma: 1, steps: 0)");
    }

    // The policy, not the best action, decides: RIGHT everywhere on the deterministic 4x4 lake reaches G only from 13 and 14.
    [Check(Description = "follows the given policy, not the best action")]
    public static void FollowsThePolicy(Func<Model, int[], double, int, double[]> f)
    {
        var model = TabularFixtures.FrozenLakeEndsAtStart(FrozenLakeMaps.Map4x4, isSlippery: false);
        var right = Enumerable.Repeat(2, 16).ToArray();
        var v = f(model, right, 1.0, 100);
        TabularFixtures.OneValuePerState(v, 16, "EvaluatePolicy(4x4 non-slippery P, policy: RIGHT everywhere, gamma: 1, steps: 100)");
        var expected = new double[16];
        expected[13] = 1.0; expected[14] = 1.0;
        Expect.SequenceClose(expected, v, 1e-12, "EvaluatePolicy(4x4 non-slippery P, policy: RIGHT (2) in every state, gamma: 1, steps: 100)");
    }
}

[ExerciseChecks("tabular.q_learning_update")]
public static class QLearningUpdateHidden
{
    [Check(Description = "the max over a row of negative values is negative")]
    public static void NegativeNextRow(Action<double[,], int, int, double, int, bool, double, double> f) =>
        QLearningUpdateChecks.Verify(f, TabularFixtures.Table([0.0, 0.0, 0.0], [-2.0, -3.0, -1.0]), 0, 1, 0.0, 1, false, 1.0, 1.0, " (max(-2, -3, -1) = -1)");

    [Check(Description = "a self-loop uses Q before the update")]
    public static void SelfLoop(Action<double[,], int, int, double, int, bool, double, double> f) =>
        QLearningUpdateChecks.Verify(f, TabularFixtures.Table([4.0, 1.0]), 0, 0, 0.0, 0, false, 0.5, 1.0,
            " (target = 0 + max(4, 1) = 4 read before writing; q[0, 0] = 0.5 · 4 + 0.5 · 4)");

    [Check(Description = "alpha 1 replaces the entry by the target; alpha 0 changes nothing; terminated with alpha 1")]
    public static void AlphaExtremes(Action<double[,], int, int, double, int, bool, double, double> f)
    {
        var q = TabularFixtures.Table([0.3, 0.1, 0.6], [0.2, 0.9, 0.4], [0.0, 0.0, 0.0]);
        QLearningUpdateChecks.Verify(f, q, 1, 2, 0.5, 0, false, 1.0, 0.5);
        QLearningUpdateChecks.Verify(f, q, 1, 2, 0.5, 0, false, 0.0, 0.5);
        QLearningUpdateChecks.Verify(f, q, 1, 2, 0.5, 0, true, 1.0, 0.5);
    }

    [Check(Description = "six actions, the best one last; and a terminated update")]
    public static void SixActions(Action<double[,], int, int, double, int, bool, double, double> f)
    {
        var q = TabularFixtures.Table([1.0, 0, 0, 0, 0, 0], [0.1, 0.2, 0.3, 0.2, 0.1, 2.0]);
        QLearningUpdateChecks.Verify(f, q, 0, 0, 1.0, 1, false, 0.5, 0.9);
        QLearningUpdateChecks.Verify(f, q, 0, 3, 1.0, 1, true, 0.5, 0.9);
    }
}

[ExerciseChecks("tabular.epsilon_greedy")]
public static class EpsilonGreedyHidden
{

    [Check(Description = "greedy share is 1 - ε + ε/n with negative Q-values")]
    public static void GreedyShare(Func<double[,], int, double, Random, int> f)
    {
        var q = TabularFixtures.Table([0.0, 0.0, 0.0, 0.0], [-3.0, -1.0, -2.0, -5.0]);
        var rng = new Random(11);
        const int n = 20000;
        int greedy = 0;
        for (int i = 0; i < n; i++) if (f(q, 1, 0.2, rng) == 1) greedy++;
        Expect.Close(1 - 0.2 + 0.2 / 4, (double)greedy / n, 0.02,
            $"share of greedy picks of EpsilonGreedy(q, state: 1, epsilon: 0.2, rng) over {n} calls, row [-3, -1, -2, -5]");
    }

    [Check(Description = "draws from rng exactly as the contract says (same actions as the reference for a fixed seed)")]
    public static void RandomProtocol(Func<double[,], int, double, Random, int> f)
    {
        var q = TabularFixtures.Table([0.2, 0.1, 0.9, 0.4], [1.0, 0.0, 1.0, 0.0]);
        Random student = new(5), reference = new(5);
        for (int i = 0; i < 300; i++)
        {
            int s = i % 2;
            int expected = reference.NextDouble() < 0.3 ? reference.Next(4) : (s == 0 ? 2 : 0);
            Expect.Equal(expected, f(q, s, 0.3, student),
                $"call {i + 1} of EpsilonGreedy(q, state: {s}, epsilon: 0.3, rng = new Random(5) shared by all calls) " +
                "(call rng.NextDouble() once per call, then rng.Next(q.GetLength(1)) only when exploring; ties go to the lowest index)");
        }
    }

    [Check(Description = "tables with two and three actions")]
    public static void OtherActionCounts(Func<double[,], int, double, Random, int> f)
    {
        foreach (var row in new[] { new[] { 0.2, 0.7 }, new[] { 0.3, 0.1, 0.8 } })
        {
            var q = TabularFixtures.Table(row);
            int n = row.Length;
            Expect.Equal(Array.IndexOf(row, row.Max()), f(q, 0, 0.0, new Random(1)), $"q = {TabularFixtures.Show(q)}, EpsilonGreedy(q, state: 0, epsilon: 0, rng)");
            var seen = new int[n];
            var rng = new Random(2);
            for (int i = 0; i < 600; i++)
            {
                int a = f(q, 0, 1.0, rng);
                Expect.True(a >= 0 && a < n, $"EpsilonGreedy on a table with {n} actions returned {a}: explore with rng.Next(q.GetLength(1)).");
                seen[a]++;
            }
            Expect.True(seen.All(c => c > 600 / n / 2), $"with epsilon 1 on {n} actions every action should appear; counts {string.Join(", ", seen)}.");
        }
    }
}
