using CourseKit.Envs;
using Model = System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<CourseKit.Envs.Transition>>>;

namespace CourseKit.Checks.Tabular;

/// <summary>
/// Visible checks of <c>tabular.policy_evaluation</c>:
/// <c>static double[] EvaluatePolicy(IReadOnlyList&lt;IReadOnlyList&lt;IReadOnlyList&lt;Transition&gt;&gt;&gt; P, int[] policy, double gamma, int steps)</c>,
/// the expected discounted return of a deterministic policy over the first <c>steps</c> steps.
/// </summary>
[ExerciseChecks("tabular.policy_evaluation")]
public static class PolicyEvaluationChecks
{
    /// <summary>The optimal policy of 4x4 slippery FrozenLake at γ = 0.99 (Gymnasium's recorded greedy policy).</summary>
    public static IReadOnlyList<int> OptimalPolicy4x4Slippery { get; } = [0, 3, 3, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 2, 1, 0];

    /// <summary>The self-check cell under the exercise: <c>PolicyEvaluationChecks.Run(EvaluatePolicy);</c></summary>
    public static SelfCheckReport Run(Func<Model, int[], double, int, double[]> evaluatePolicy) => SelfCheck.Run("tabular.policy_evaluation", evaluatePolicy);

    /// <summary>
    /// A three-state chain where state 1 leads to state 0 and state 0 reaches the goal: after one synchronous
    /// sweep only state 0 has value (an in-place sweep in state order would already credit state 1).
    /// </summary>
    [Check(Description = "one step: only the state next to the goal has value (synchronous sweeps)")]
    public static void OneStepIsSynchronous(Func<Model, int[], double, int, double[]> evaluatePolicy)
    {
        var model = TabularFixtures.Model(
            [[new Transition(1.0, 2, 1.0, true)]],
            [[new Transition(1.0, 0, 0.0, false)]],
            [[new Transition(1.0, 2, 0.0, true)]]);
        const string call = "EvaluatePolicy(chain 1 → 0 → goal with reward 1, policy [0, 0, 0], gamma: 0.9, steps: ";
        var v1 = evaluatePolicy(model, [0, 0, 0], 0.9, 1);
        TabularFixtures.OneValuePerState(v1, 3, call + "1)");
        Expect.SequenceClose([1.0, 0.0, 0.0], v1, 1e-12,
            call + "1) (within one step only state 0 reaches the goal; each sweep must read the previous sweep's values, not the ones it is writing)");
        var v2 = evaluatePolicy(model, [0, 0, 0], 0.9, 2);
        Expect.SequenceClose([1.0, 0.9, 0.0], v2, 1e-12, call + "2)");
    }

    /// <summary>
    /// The optimal policy on 4x4 slippery FrozenLake with γ = 1 over 100 steps: the probability of reaching the goal
    /// within FrozenLake-v1's time limit, ≈ 0.7402 from the start.
    /// </summary>
    [Check(Weight = 2, Description = "4x4 slippery, optimal policy, gamma 1, 100 steps: success probability within the time limit")]
    public static void SuccessWithinTimeLimit(Func<Model, int[], double, int, double[]> evaluatePolicy)
    {
        var v = evaluatePolicy(TabularFixtures.FrozenLake(FrozenLakeMaps.Map4x4, isSlippery: true), [.. OptimalPolicy4x4Slippery], 1.0, 100);
        TabularFixtures.OneValuePerState(v, 16, "EvaluatePolicy(4x4 slippery P, optimal policy, gamma: 1, steps: 100)");
        Expect.Close(0.7401648977587045, v[0], 1e-6,
            "EvaluatePolicy(4x4 slippery P, policy [0, 3, 3, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 2, 1, 0], gamma: 1, steps: 100): V[0], the probability of reaching G within 100 steps");
        Expect.Close(0.0, v[5], 0, "the same call: V[5] (a hole: its only transition terminates with reward 0)");
    }
}
