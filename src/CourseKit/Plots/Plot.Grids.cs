using CourseKit.Display;

namespace CourseKit.Plots;

public static partial class Plot
{
    /// <summary>
    /// A FrozenLake Q-table as an SVG heatmap: each cell coloured by max_a Q(s, a), with the greedy
    /// action(s) as arrows (0 = LEFT, 1 = DOWN, 2 = RIGHT, 3 = UP), holes and the goal marked.
    /// </summary>
    /// <param name="q">The Q-table, <c>[nStates, 4]</c>, states numbered row by row over the map.</param>
    /// <param name="map">The map rows, e.g. <c>["SFFF", "FHFH", "FFFH", "HFFG"]</c>.</param>
    /// <param name="title">The title above the grid.</param>
    /// <remarks>Tied best actions all get an arrow; a state whose actions all tie (never updated) gets none.</remarks>
    public static SvgImage QTableHeatmap(double[,] q, IReadOnlyList<string> map, string title = "Q-table: max Q and greedy policy")
    {
        ArgumentNullException.ThrowIfNull(q);
        var (rows, cols, kinds) = ParseMap(map);
        int states = q.GetLength(0), actions = q.GetLength(1);
        if (states != kinds.Length)
            throw new ArgumentException($"QTableHeatmap: Q has {states} states (rows) but the map has {kinds.Length} cells ({rows}x{cols}); use the Q-table of this map.", nameof(q));
        if (actions != GridSvg.ActionNames.Length)
            throw new ArgumentException($"QTableHeatmap: Q has {actions} actions (columns); FrozenLake has 4 (LEFT, DOWN, RIGHT, UP).", nameof(q));

        var values = new double[states];
        var arrows = new int[states][];
        for (int s = 0; s < states; s++)
        {
            double best = double.NegativeInfinity;
            for (int a = 0; a < actions; a++) if (q[s, a] > best) best = q[s, a];
            values[s] = best;
            var ties = Enumerable.Range(0, actions).Where(a => q[s, a] >= best - 1e-12 * Math.Max(1, Math.Abs(best))).ToArray();
            arrows[s] = ties.Length == actions || !double.IsFinite(best) ? [] : ties;
        }
        return GridSvg.Render(title, rows, cols, kinds, values, arrows, "max Q(s, a)");
    }

    /// <summary>A state-value function V(s) over a FrozenLake-style map, with an optional policy drawn as arrows.</summary>
    /// <param name="v">One value per cell, row by row.</param>
    /// <param name="map">The map rows (S, F, H, G).</param>
    /// <param name="policy">Optional action per state (0 = LEFT, 1 = DOWN, 2 = RIGHT, 3 = UP; negative for none).</param>
    /// <param name="title">The title above the grid.</param>
    public static SvgImage ValueFunction(double[] v, IReadOnlyList<string> map, int[]? policy = null, string title = "Value function V(s)")
    {
        ArgumentNullException.ThrowIfNull(v);
        var (rows, cols, kinds) = ParseMap(map);
        if (v.Length != kinds.Length)
            throw new ArgumentException($"ValueFunction: V has {v.Length} values but the map has {kinds.Length} cells ({rows}x{cols}).", nameof(v));
        return GridSvg.Render(title, rows, cols, kinds, v, Arrows(policy, v.Length), "V(s)");
    }

    /// <summary>A value per cell of a plain <paramref name="rows"/> x <paramref name="cols"/> grid (no map), with an optional policy.</summary>
    public static SvgImage ValueFunction(double[] v, int rows, int cols, int[]? policy = null, string title = "Value function V(s)")
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 1);
        if (v.Length != rows * cols)
            throw new ArgumentException($"ValueFunction: V has {v.Length} values but a {rows}x{cols} grid has {rows * cols} cells.", nameof(v));
        return GridSvg.Render(title, rows, cols, Enumerable.Repeat('.', v.Length).ToArray(), v, Arrows(policy, v.Length), "V(s)");
    }

    private static int[][] Arrows(int[]? policy, int states)
    {
        if (policy is not null && policy.Length != states)
            throw new ArgumentException($"ValueFunction: the policy has {policy.Length} actions but there are {states} states.", nameof(policy));
        if (policy?.FirstOrDefault(a => a >= GridSvg.ActionNames.Length) is int bad and > 0)
            throw new ArgumentException($"ValueFunction: action {bad} in the policy; FrozenLake has actions 0..3.", nameof(policy));
        return Enumerable.Range(0, states).Select(s => policy is null || policy[s] < 0 ? Array.Empty<int>() : [policy[s]]).ToArray();
    }

    private static (int Rows, int Cols, char[] Kinds) ParseMap(IReadOnlyList<string> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        if (map.Count == 0 || map[0].Length == 0) throw new ArgumentException("The map has no cells; give rows such as \"SFFF\".", nameof(map));
        int cols = map[0].Length;
        for (int r = 0; r < map.Count; r++)
        {
            if (map[r].Length != cols)
                throw new ArgumentException($"Map row {r} (\"{map[r]}\") has {map[r].Length} cells; row 0 has {cols}. Every row must be as long.", nameof(map));
            var odd = map[r].FirstOrDefault(c => "SFHG".IndexOf(c) < 0);
            if (odd != default)
                throw new ArgumentException($"Map row {r} (\"{map[r]}\") has '{odd}'; FrozenLake maps use S (start), F (frozen), H (hole), G (goal).", nameof(map));
        }
        return (map.Count, cols, string.Concat(map).ToCharArray());
    }
}
