using CourseKit.Envs;
using Model = System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<CourseKit.Envs.Transition>>>;

namespace CourseKit.Checks.Tabular;

/// <summary>
/// Visible checks of <c>tabular.value_iteration</c>:
/// <c>static double[] ValueIteration(IReadOnlyList&lt;IReadOnlyList&lt;IReadOnlyList&lt;Transition&gt;&gt;&gt; P, double gamma, double tolerance)</c>,
/// the optimal state values V* of a known model by synchronous Bellman optimality sweeps.
/// </summary>
[ExerciseChecks("tabular.value_iteration")]
public static class ValueIterationChecks
{
    /// <summary>
    /// V* of FrozenLake-v1, 4x4 map, slippery, γ = 0.99, recorded from Gymnasium 1.4.0's <c>env.unwrapped.P</c>
    /// by value iteration to a tolerance of 1e-12 (shared/reference/frozenlake_v1.json).
    /// </summary>
    public static IReadOnlyList<double> VStar4x4SlipperyGamma099 { get; } =
    [
        0.5420259319840658, 0.4988031872075547, 0.47069569053050064, 0.45685169962975913,
        0.5584509602276987, 0.0, 0.3583480719713024, 0.0,
        0.5917987448434363, 0.6430798247587908, 0.6152075578685949, 0.0,
        0.0, 0.741720438982271, 0.8628374301453158, 0.0,
    ];

    /// <summary>The self-check cell under the exercise: <c>ValueIterationChecks.Run(ValueIteration);</c></summary>
    public static SelfCheckReport Run(Func<Model, double, double, double[]> valueIteration) => SelfCheck.Run("tabular.value_iteration", valueIteration);

    /// <summary>4x4 slippery FrozenLake at γ = 0.99 gives Gymnasium's recorded V*.</summary>
    [Check(Weight = 2, Description = "4x4 slippery FrozenLake, gamma 0.99: V* as recorded from Gymnasium")]
    public static void FrozenLake4x4Slippery(Func<Model, double, double, double[]> valueIteration)
    {
        var v = valueIteration(TabularFixtures.FrozenLake(FrozenLakeMaps.Map4x4, isSlippery: true), 0.99, 1e-10);
        TabularFixtures.OneValuePerState(v, 16, "ValueIteration(4x4 slippery P, gamma: 0.99, tolerance: 1e-10)");
        Expect.SequenceClose(VStar4x4SlipperyGamma099, v, 1e-6,
            "ValueIteration(4x4 slippery P, gamma: 0.99, tolerance: 1e-10) (V(s) = max over actions of Σ p·(r + γ·V(s')), V(s') = 0 after a terminated transition)");
    }

    /// <summary>
    /// A one-state MDP: action 0 pays 1 and terminates, but its transition points back to state 0.
    /// Bootstrapping from it would give 1/(1 − γ) = 2 instead of 1.
    /// </summary>
    [Check(Description = "terminated transitions do not bootstrap")]
    public static void TerminalDoesNotBootstrap(Func<Model, double, double, double[]> valueIteration)
    {
        var model = TabularFixtures.Model(
            [[new Transition(1.0, 0, 1.0, true)], [new Transition(1.0, 0, 0.0, false)]]);
        var v = valueIteration(model, 0.5, 1e-12);
        TabularFixtures.OneValuePerState(v, 1, "ValueIteration(one-state model, gamma: 0.5)");
        Expect.Close(1.0, v[0], 1e-6,
            "ValueIteration(one state; action 0 = (p 1, next 0, reward 1, terminated), action 1 = (p 1, next 0, reward 0, not terminated), gamma: 0.5): V[0] " +
            "(taking action 0 ends the episode with reward 1; a terminated transition must not add γ·V(next), or V[0] becomes 1/(1 − γ) = 2)");
    }
}
