using System.Globalization;
using CourseKit.Envs;

namespace CourseKit.Checks.Tabular;

/// <summary>
/// Shared inputs of the tabular checks (visible here, hidden in the tests): transition models of
/// FrozenLake and of tiny hand-made MDPs, and Q-table helpers for messages a student can act on.
/// </summary>
public static class TabularFixtures
{
    /// <summary>The model <c>P[s][a]</c> of a FrozenLake map, as <c>env.P</c> gives it.</summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> FrozenLake(IReadOnlyList<string> map, bool isSlippery) =>
        new FrozenLakeEnv(map, isSlippery).P;

    /// <summary>
    /// The model of a FrozenLake map with every terminating transition pointed at state 0 (the start). Nothing follows a
    /// termination, so the right values do not change; code that bootstraps after termination picks up V(start).
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> FrozenLakeEndsAtStart(IReadOnlyList<string> map, bool isSlippery) =>
        FrozenLake(map, isSlippery).Select(actions => (IReadOnlyList<IReadOnlyList<Transition>>)actions
            .Select(outcomes => (IReadOnlyList<Transition>)outcomes.Select(o => o.Terminated ? o with { NextState = 0 } : o).ToList()).ToList()).ToList();

    /// <summary>A hand-made model, indexed <c>[state][action][outcome]</c>.</summary>
    public static IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> Model(params Transition[][][] p) => p;

    /// <summary>A Q-table from its rows.</summary>
    public static double[,] Table(params double[][] rows)
    {
        var q = new double[rows.Length, rows[0].Length];
        for (int s = 0; s < rows.Length; s++)
            for (int a = 0; a < rows[s].Length; a++) q[s, a] = rows[s][a];
        return q;
    }

    /// <summary>A copy of a Q-table.</summary>
    public static double[,] Copy(double[,] q) => (double[,])q.Clone();

    /// <summary>The table row by row, e.g. <c>[[0, 1], [2, 3]]</c>.</summary>
    public static string Show(double[,] q) =>
        "[" + string.Join(", ", Enumerable.Range(0, q.GetLength(0)).Select(s =>
            "[" + string.Join(", ", Enumerable.Range(0, q.GetLength(1)).Select(a => q[s, a].ToString("0.######", CultureInfo.InvariantCulture))) + "]")) + "]";

    /// <summary>Whether two Q-tables have the same shape and entries (within <paramref name="tolerance"/>).</summary>
    public static bool Same(double[,] a, double[,] b, double tolerance) =>
        a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1) && a.Cast<double>().Zip(b.Cast<double>()).All(p => Math.Abs(p.First - p.Second) <= tolerance);

    /// <summary>Fails unless two Q-tables have the same entries (within <paramref name="tolerance"/>), naming the first wrong entry and then <paramref name="rule"/>.</summary>
    public static void TablesClose(double[,] expected, double[,] actual, double tolerance, string what, string? rule = null)
    {
        for (int s = 0; s < expected.GetLength(0); s++)
            for (int a = 0; a < expected.GetLength(1); a++)
                if (!(Math.Abs(actual[s, a] - expected[s, a]) <= tolerance))
                    throw new CheckFailedException(
                        $"{what}: q[{s}, {a}] is {Expect.Show(actual[s, a])}, expected {Expect.Show(expected[s, a])}. Whole table {Show(actual)}, expected {Show(expected)}." +
                        (rule is null ? "" : " " + rule));
    }

    /// <summary>Fails unless <paramref name="v"/> has one finite value per state.</summary>
    public static void OneValuePerState(double[]? v, int states, string what)
    {
        if (v is null) throw new CheckFailedException($"{what} returned null; return a double[] with one value per state ({states}).");
        if (v.Length != states) throw new CheckFailedException($"{what} returned {Expect.Count(v.Length, "value")}; expected one per state: {states} (P.Count).");
        int bad = Array.FindIndex(v, x => !double.IsFinite(x));
        if (bad >= 0) throw new CheckFailedException($"{what}: V[{bad}] is {Expect.Show(v[bad])}; every value must be a finite number.");
    }
}
