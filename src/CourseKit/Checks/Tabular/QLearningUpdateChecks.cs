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
    /// q = [[0.5, 0], [0.2, 0.8], [0, 0]]; update (s 0, a 0, r 1, s' 1) with α 0.5, γ 0.9:
    /// target 1 + 0.9·0.8 = 1.72, q[0,0] = 0.5·0.5 + 0.5·1.72 = 1.11; nothing else changes.
    /// </summary>
    [Check(Weight = 2, Description = "a non-terminal transition bootstraps from max_a' Q(s', a')")]
    public static void Bootstraps(Action<double[,], int, int, double, int, bool, double, double> qLearningUpdate)
    {
        var q = TabularFixtures.Table([0.5, 0.0], [0.2, 0.8], [0.0, 0.0]);
        qLearningUpdate(q, 0, 0, 1.0, 1, false, 0.5, 0.9);
        TabularFixtures.TablesClose(TabularFixtures.Table([1.11, 0.0], [0.2, 0.8], [0.0, 0.0]), q, 1e-12,
            "q = [[0.5, 0], [0.2, 0.8], [0, 0]], then QLearningUpdate(q, state: 0, action: 0, reward: 1, nextState: 1, terminated: false, alpha: 0.5, gamma: 0.9) " +
            "(target = 1 + 0.9 · max(0.2, 0.8) = 1.72; q[0, 0] = 0.5 · 0.5 + 0.5 · 1.72)");
    }

    /// <summary>The same update with <c>terminated: true</c>: the target is the reward alone, q[0,0] = 0.5·0.5 + 0.5·1 = 0.75.</summary>
    [Check(Description = "a terminated transition does not bootstrap")]
    public static void TerminatedDoesNotBootstrap(Action<double[,], int, int, double, int, bool, double, double> qLearningUpdate)
    {
        var q = TabularFixtures.Table([0.5, 0.0], [0.2, 0.8], [0.0, 0.0]);
        qLearningUpdate(q, 0, 0, 1.0, 1, true, 0.5, 0.9);
        TabularFixtures.TablesClose(TabularFixtures.Table([0.75, 0.0], [0.2, 0.8], [0.0, 0.0]), q, 1e-12,
            "q = [[0.5, 0], [0.2, 0.8], [0, 0]], then QLearningUpdate(q, state: 0, action: 0, reward: 1, nextState: 1, terminated: true, alpha: 0.5, gamma: 0.9) " +
            "(terminated: the target is the reward alone, 1; q[0, 0] = 0.5 · 0.5 + 0.5 · 1)");
    }

    /// <summary>The next state's best action is the third of four: the max runs over every column.</summary>
    [Check(Description = "the max runs over every action of the next state")]
    public static void MaxOverAllActions(Action<double[,], int, int, double, int, bool, double, double> qLearningUpdate)
    {
        var q = TabularFixtures.Table([0.0, 0.0, 0.0, 0.0], [0.1, 0.2, 0.9, 0.3]);
        qLearningUpdate(q, 0, 1, 0.0, 1, false, 1.0, 0.5);
        TabularFixtures.TablesClose(TabularFixtures.Table([0.0, 0.45, 0.0, 0.0], [0.1, 0.2, 0.9, 0.3]), q, 1e-12,
            "q = [[0, 0, 0, 0], [0.1, 0.2, 0.9, 0.3]], then QLearningUpdate(q, state: 0, action: 1, reward: 0, nextState: 1, terminated: false, alpha: 1, gamma: 0.5) " +
            "(target = 0 + 0.5 · max(0.1, 0.2, 0.9, 0.3) = 0.45: take the max over every action, q.GetLength(1) of them)");
    }
}
