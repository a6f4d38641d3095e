using Model = System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<System.Collections.Generic.IReadOnlyList<CourseKit.Envs.Transition>>>;

namespace CourseKit.Checks.Tabular;

/// <summary>
/// The tabular exercises' answers, for the checks only (internal: the library must not answer its exercises),
/// each with switches for the known mistakes, so that a failure message can name the rule a wrong value breaks.
/// </summary>
internal static class TabularReference
{
    /// <summary>V after <paramref name="steps"/> sweeps of evaluating <paramref name="policy"/>.</summary>
    public static double[] EvaluatePolicy(Model p, int[] policy, double gamma, int steps, bool bootstrapTerminal = false, bool inPlace = false)
    {
        var v = new double[p.Count];
        for (int k = 0; k < steps; k++)
        {
            var next = inPlace ? v : new double[p.Count];
            for (int s = 0; s < p.Count; s++)
            {
                double value = 0;
                foreach (var (prob, s2, r, terminated) in p[s][policy[s]])
                    value += prob * (r + (terminated && !bootstrapTerminal ? 0 : gamma * v[s2]));
                next[s] = value;
            }
            v = next;
        }
        return v;
    }

    /// <summary>One Q-learning update of a copy of <paramref name="q"/>; the switches give what a known mistake computes.</summary>
    public static double[,] QLearningUpdate(double[,] q, int state, int action, double reward, int nextState, bool terminated, double alpha, double gamma,
                                            bool bootstrapTerminal = false, bool ignoreAlpha = false, bool maxFromZero = false, bool readAfterWrite = false)
    {
        var result = (double[,])q.Clone();
        if (readAfterWrite) result[state, action] *= 1 - alpha;
        double target = reward;
        if (!terminated || bootstrapTerminal)
            target += gamma * Enumerable.Range(0, q.GetLength(1)).Aggregate(maxFromZero ? 0.0 : double.NegativeInfinity, (m, a) => Math.Max(m, result[nextState, a]));
        result[state, action] = ignoreAlpha ? target : readAfterWrite ? result[state, action] + alpha * target : (1 - alpha) * q[state, action] + alpha * target;
        return result;
    }
}
