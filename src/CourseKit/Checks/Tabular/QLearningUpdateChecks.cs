namespace CourseKit.Checks.Tabular;

/// <summary>
/// Visible checks of <c>tabular.q_learning_update</c>:
/// <c>static void QLearningUpdate(double[,] q, int state, int action, double reward, int nextState, bool terminated, double alpha, double gamma)</c>,
/// the blending update Q(s,a) ← (1 − α)·Q(s,a) + α·(r + γ·max_a' Q(s',a')), without bootstrapping after termination.
/// </summary>
[ExerciseChecks("tabular.q_learning_update")]
public static class QLearningUpdateChecks
{
    /// <summary>The self-check cell under the exercise: <c>QLearningUpdateChecks.Run(QLearningUpdate);</c></summary>
    public static SelfCheckReport Run(Action<double[,], int, int, double, int, bool, double, double> qLearningUpdate) =>
        SelfCheck.Run("tabular.q_learning_update", qLearningUpdate);

    /// <summary>
    /// Applies the student's update to a copy of <paramref name="q"/> and compares the whole table with the reference; the
    /// message names the rule a known mistake breaks.
    /// </summary>
    public static void Verify(Action<double[,], int, int, double, int, bool, double, double> f, double[,] q, int state, int action, double reward,
                              int nextState, bool terminated, double alpha, double gamma, string note = "")
    {
        var got = TabularFixtures.Copy(q);
        f(got, state, action, reward, nextState, terminated, alpha, gamma);
        string call = $"q = {TabularFixtures.Show(q)}, then QLearningUpdate(q, state: {state}, action: {action}, reward: {Expect.Show(reward)}, nextState: {nextState}, " +
                      $"terminated: {(terminated ? "true" : "false")}, alpha: {Expect.Show(alpha)}, gamma: {Expect.Show(gamma)}){note}";
        var expected = TabularReference.QLearningUpdate(q, state, action, reward, nextState, terminated, alpha, gamma);
        (double[,] Table, string Rule)[] suspects =
        [
            (TabularReference.QLearningUpdate(q, state, action, reward, nextState, terminated, alpha, gamma, bootstrapTerminal: true),
                "A terminated transition bootstrapped: when terminated, the target is the reward alone (nothing follows a termination)."),
            (TabularReference.QLearningUpdate(q, state, action, reward, nextState, terminated, alpha, gamma, ignoreAlpha: true),
                "q[s, a] was replaced by the target: blend it, (1 − alpha)·q[s, a] + alpha·target."),
            (TabularReference.QLearningUpdate(q, state, action, reward, nextState, terminated, alpha, gamma, maxFromZero: true),
                "The max over the next state's actions started at 0: start it from the row's first entry (every entry may be negative)."),
            (TabularReference.QLearningUpdate(q, state, action, reward, nextState, terminated, alpha, gamma, readAfterWrite: true),
                "The target read q[s, a] after it was changed (nextState == state here): compute the target from q as it was before the update."),
        ];
        string rule = suspects.FirstOrDefault(s => TabularFixtures.Same(s.Table, got, 1e-12)).Rule
            ?? "target = reward, plus gamma·max over EVERY action of q[nextState, ·] unless terminated; q[s, a] ← (1 − alpha)·q[s, a] + alpha·target; no other entry changes.";
        TabularFixtures.TablesClose(expected, got, 1e-12, call, rule);
    }

    /// <summary>q = [[0.5, 0], [0.2, 0.8], [0, 0]]; (s 0, a 0, r 1, s' 1), α 0.5, γ 0.9: target 1 + 0.9·0.8 = 1.72, q[0,0] = 1.11.</summary>
    [Check(Description = "a non-terminal transition bootstraps from max_a' Q(s', a')")]
    public static void Bootstraps(Action<double[,], int, int, double, int, bool, double, double> f) =>
        Verify(f, TabularFixtures.Table([0.5, 0.0], [0.2, 0.8], [0.0, 0.0]), 0, 0, 1.0, 1, false, 0.5, 0.9,
            " (target = 1 + 0.9 · max(0.2, 0.8) = 1.72; q[0, 0] = 0.5 · 0.5 + 0.5 · 1.72)");

    /// <summary>The same update with <c>terminated: true</c>, once with α 0.5 and once with α 1: the target is the reward alone.</summary>
    [Check(Weight = 3, Description = "a terminated transition does not bootstrap")]
    public static void TerminatedDoesNotBootstrap(Action<double[,], int, int, double, int, bool, double, double> f)
    {
        Verify(f, TabularFixtures.Table([0.5, 0.0], [0.2, 0.8], [0.0, 0.0]), 0, 0, 1.0, 1, true, 0.5, 0.9,
            " (terminated: the target is the reward alone, 1; q[0, 0] = 0.5 · 0.5 + 0.5 · 1)");
        Verify(f, TabularFixtures.Table([0.0, 0.0, 0.0], [3.0, -1.0, 2.0]), 0, 2, -1.0, 1, true, 1.0, 0.99,
            " (terminated: the target is the reward alone, -1)");
    }

    /// <summary>The next state's best action is the third of four: the max runs over every column.</summary>
    [Check(Weight = 2, Description = "the max runs over every action of the next state")]
    public static void MaxOverAllActions(Action<double[,], int, int, double, int, bool, double, double> f) =>
        Verify(f, TabularFixtures.Table([0.0, 0.0, 0.0, 0.0], [0.1, 0.2, 0.9, 0.3]), 0, 1, 0.0, 1, false, 1.0, 0.5,
            " (target = 0 + 0.5 · max(0.1, 0.2, 0.9, 0.3) = 0.45: take the max over every action, q.GetLength(1) of them)");
}
