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
    internal static IReadOnlyList<double> VStar4x4SlipperyGamma099 { get; } =
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
        var v = valueIteration(TabularFixtures.FrozenLakeEndsAtStart(FrozenLakeMaps.Map4x4, isSlippery: true), 0.99, 1e-10);
        TabularFixtures.OneValuePerState(v, 16, "ValueIteration(4x4 slippery P, gamma: 0.99, tolerance: 1e-10)");
        Expect.SequenceClose(VStar4x4SlipperyGamma099, v, 1e-6,
            "ValueIteration(4x4 slippery P with terminating transitions pointed at the start, gamma: 0.99, tolerance: 1e-10) " +
            "(V(s) = max over actions of Σ p·(r + γ·V(s')), V(s') = 0 after a terminated transition: where it leads must not matter)");
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

    /// <summary>
    /// goal ← s0 ← s1 ← s2 (each state's only action moves one step towards the goal; reaching it pays 1). A huge tolerance
    /// stops after one sweep: synchronous sweeps give [1, 0, 0, 0]; in-place (Gauss-Seidel) ones [1, 0.5, 0.25, 0].
    /// </summary>
    [Check(Weight = 2, Description = "sweeps are synchronous: one sweep moves value one step back along a chain")]
    public static void SynchronousSweeps(Func<Model, double, double, double[]> valueIteration)
    {
        var chain = TabularFixtures.Model(
            [[new Transition(1.0, 3, 1.0, true)]],
            [[new Transition(1.0, 0, 0.0, false)]],
            [[new Transition(1.0, 1, 0.0, false)]],
            [[new Transition(1.0, 3, 0.0, true)]]);
        var v = valueIteration(chain, 0.5, 1e9);
        const string call = "ValueIteration(chain goal <- s0 <- s1 <- s2, gamma: 0.5, tolerance: 1e9), which stops after one sweep";
        TabularFixtures.OneValuePerState(v, 4, call);
        Expect.SequenceCloseNamingRule([1, 0, 0, 0], v, 1e-12, call,
            "Return V_new of the first sweep whose largest change is below the tolerance.",
            ([1, 0.5, 0.25, 0], "Those are in-place sweeps: every new value must come from the previous sweep's values (write into a new array, then swap)."),
            ([0, 0, 0, 0], "That is V before the sweep: return V_new, the values of the sweep that met the tolerance."));
    }
}
