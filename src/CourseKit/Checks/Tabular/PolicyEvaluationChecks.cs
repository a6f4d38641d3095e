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
    [Check(Weight = 2, Description = "one step: only the state next to the goal has value (synchronous sweeps)")]
    public static void OneStepIsSynchronous(Func<Model, int[], double, int, double[]> evaluatePolicy)
    {
        // Chain B: 0 → 1 → goal. In-place sweeps in state order read state 1 before it changes, so they pass here;
        // a sweep too many does not. Chain A: 1 → 0 → goal, where an in-place sweep already credits state 1.
        var chainB = TabularFixtures.Model(
            [[new Transition(1.0, 1, 0.0, false)]],
            [[new Transition(1.0, 2, 1.0, true)]],
            [[new Transition(1.0, 2, 0.0, true)]]);
        var chainA = TabularFixtures.Model(
            [[new Transition(1.0, 2, 1.0, true)]],
            [[new Transition(1.0, 0, 0.0, false)]],
            [[new Transition(1.0, 2, 0.0, true)]]);
        VerifyNamingRule(evaluatePolicy, chainB, [0, 0, 0], 0.9, 1, "EvaluatePolicy(chain 0 → 1 → goal with reward 1, policy [0, 0, 0], gamma: 0.9, steps: 1)", 1e-12);
        VerifyNamingRule(evaluatePolicy, chainA, [0, 0, 0], 0.9, 1, "EvaluatePolicy(chain 1 → 0 → goal with reward 1, policy [0, 0, 0], gamma: 0.9, steps: 1)", 1e-12);
        VerifyNamingRule(evaluatePolicy, chainA, [0, 0, 0], 0.9, 2, "EvaluatePolicy(chain 1 → 0 → goal with reward 1, policy [0, 0, 0], gamma: 0.9, steps: 2)", 1e-12);
    }

    /// <summary>
    /// The optimal policy on 4x4 slippery FrozenLake with γ = 1 over 100 steps: the probability of reaching the goal
    /// within FrozenLake-v1's time limit, ≈ 0.7402 from the start. The model's terminating transitions point back at the
    /// start, which must not matter.
    /// </summary>
    [Check(Weight = 2, Description = "4x4 slippery, optimal policy, gamma 1, 100 steps: success probability within the time limit")]
    public static void SuccessWithinTimeLimit(Func<Model, int[], double, int, double[]> evaluatePolicy)
    {
        var model = TabularFixtures.FrozenLakeEndsAtStart(FrozenLakeMaps.Map4x4, isSlippery: true);
        int[] policy = [.. OptimalPolicy4x4Slippery];
        const string call = "EvaluatePolicy(4x4 slippery P with terminating transitions pointed at the start, policy [0, 3, 3, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 2, 1, 0], gamma: 1, steps: 100)";
        VerifyNamingRule(evaluatePolicy, model, policy, 1.0, 100, call, 1e-6);
    }

    /// <summary>
    /// Compares every state's value with the reference; the message names the rule a known mistake breaks
    /// (bootstrapping after termination, in-place sweeps, one sweep too many, ignoring the policy).
    /// </summary>
    public static void VerifyNamingRule(Func<Model, int[], double, int, double[]> f, Model model, int[] policy, double gamma, int steps, string call, double tolerance)
    {
        var v = f(model, policy, gamma, steps);
        TabularFixtures.OneValuePerState(v, model.Count, call);
        Expect.SequenceCloseNamingRule(TabularReference.EvaluatePolicy(model, policy, gamma, steps), v, tolerance, call,
            "V_new(s) = Σ p·(r + γ·V(s')) over the outcomes of policy[s], with V(s') counting 0 after a terminated transition, for exactly `steps` sweeps.",
            (TabularReference.EvaluatePolicy(model, policy, gamma, steps, bootstrapTerminal: true),
                "A terminated transition bootstrapped: nothing follows a termination, so it contributes p·r only (this model points terminating transitions back at the start)."),
            (TabularReference.EvaluatePolicy(model, policy, gamma, steps, inPlace: true),
                "Those are in-place sweeps: every new value must come from the previous sweep's values (write a new array, then swap)."),
            (TabularReference.EvaluatePolicy(model, policy, gamma, steps + 1), $"That is {steps + 1} sweeps: apply exactly `steps` sweeps."),
            (TabularReference.EvaluatePolicy(model, policy, gamma, Math.Max(0, steps - 1)), $"That is {steps - 1} sweeps: apply exactly `steps` sweeps."));
    }
}
