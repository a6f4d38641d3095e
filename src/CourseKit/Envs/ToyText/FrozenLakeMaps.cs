namespace CourseKit.Envs;

/// <summary>
/// FrozenLake maps: rows of <c>S</c> (start), <c>F</c> (frozen, safe), <c>H</c> (hole, episode ends)
/// and <c>G</c> (goal, reward 1). The named maps are Gymnasium's; <see cref="Generate"/> draws random
/// ones exactly as Gymnasium's <c>generate_random_map</c> does for the same seed.
/// </summary>
public static class FrozenLakeMaps
{
    /// <summary>Gymnasium's "4x4" map.</summary>
    public static IReadOnlyList<string> Map4x4 { get; } = ["SFFF", "FHFH", "FFFH", "HFFG"];

    /// <summary>Gymnasium's "8x8" map.</summary>
    public static IReadOnlyList<string> Map8x8 { get; } =
        ["SFFFFFFF", "FFFFFFFF", "FFFHFFFF", "FFFFFHFF", "FFFHFFFF", "FHHFFFHF", "FHFFHFHF", "FFFHFFFG"];

    /// <summary>A named map: <c>"4x4"</c> or <c>"8x8"</c>.</summary>
    public static IReadOnlyList<string> Named(string name) => name switch
    {
        "4x4" => Map4x4,
        "8x8" => Map8x8,
        _ => throw new ArgumentException($"FrozenLake has no map named \"{name}\"; use \"4x4\", \"8x8\", your own rows, or FrozenLakeMaps.Generate(size).", nameof(name)),
    };

    /// <summary>
    /// A random <paramref name="size"/> x <paramref name="size"/> map whose goal (bottom right) is reachable from the
    /// start (top left): each other cell is frozen with probability <paramref name="frozenProbability"/>, else a
    /// hole; maps are redrawn until the goal is reachable. Same seed, same map as Gymnasium.
    /// </summary>
    /// <exception cref="InvalidOperationException">No reachable map was drawn in <paramref name="maxAttempts"/> tries (too few frozen cells).</exception>
    public static IReadOnlyList<string> Generate(int size = 8, double frozenProbability = 0.8, int? seed = null, int maxAttempts = 100_000)
    {
        if (size < 2) throw new ArgumentOutOfRangeException(nameof(size), size, "a FrozenLake map needs at least 2 x 2 cells");
        if (!(frozenProbability >= 0)) throw new ArgumentOutOfRangeException(nameof(frozenProbability), frozenProbability, "the probability of a frozen cell must be in [0, 1]");
        var random = seed is int s ? new NumpyRandom(s) : NumpyRandom.FromEntropy();
        double p = Math.Min(1, frozenProbability);
        ReadOnlySpan<double> weights = [p, 1 - p];
        for (int attempt = 0; attempt < maxAttempts; attempt++)
        {
            var board = new char[size][];
            for (int r = 0; r < size; r++)
            {
                board[r] = new char[size];
                for (int c = 0; c < size; c++) board[r][c] = random.Choice(weights) == 0 ? 'F' : 'H';
            }
            board[0][0] = 'S';
            board[^1][^1] = 'G';
            var map = board.Select(row => new string(row)).ToArray();
            if (IsGoalReachable(map)) return map;
        }
        throw new InvalidOperationException(
            $"FrozenLakeMaps.Generate: no {size}x{size} map with a reachable goal after {maxAttempts} tries at frozenProbability {frozenProbability}; raise frozenProbability.");
    }

    /// <summary>Whether some <c>G</c> can be reached from the <c>S</c> cells by moves that avoid holes.</summary>
    public static bool IsGoalReachable(IReadOnlyList<string> map)
    {
        int rows = map.Count, cols = map[0].Length;
        var seen = new bool[rows, cols];
        var frontier = new Stack<(int R, int C)>();
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
                if (map[r][c] == 'S') { frontier.Push((r, c)); seen[r, c] = true; }
        while (frontier.Count > 0)
        {
            var (r, c) = frontier.Pop();
            if (map[r][c] == 'G') return true;
            foreach (var (dr, dc) in new[] { (1, 0), (0, 1), (-1, 0), (0, -1) })
            {
                int nr = r + dr, nc = c + dc;
                if (nr < 0 || nr >= rows || nc < 0 || nc >= cols || seen[nr, nc] || map[nr][nc] == 'H') continue;
                seen[nr, nc] = true;
                frontier.Push((nr, nc));
            }
        }
        return false;
    }

    /// <summary>Throws a clear error unless <paramref name="map"/> is a rectangle of S/F/H/G with at least one S.</summary>
    internal static void Validate(IReadOnlyList<string>? map)
    {
        const string name = "FrozenLake";
        if (map is null || map.Count == 0) throw new ArgumentException($"{name}: the map has no rows.", nameof(map));
        int cols = map[0]?.Length ?? 0;
        if (cols == 0) throw new ArgumentException($"{name}: map row 0 is empty.", nameof(map));
        for (int r = 0; r < map.Count; r++)
        {
            if (map[r] is null || map[r].Length != cols)
                throw new ArgumentException($"{name}: the map is ragged: row {r} (\"{map[r]}\") has {map[r]?.Length ?? 0} cells but row 0 has {cols}; every row needs the same length.", nameof(map));
            for (int c = 0; c < cols; c++)
                if ("SFHG".IndexOf(map[r][c]) < 0)
                    throw new ArgumentException($"{name}: map cell ({r}, {c}) is '{map[r][c]}'; cells must be S (start), F (frozen), H (hole) or G (goal).", nameof(map));
        }
        if (!map.Any(row => row.Contains('S')))
            throw new ArgumentException($"{name}: the map has no start cell 'S'; put an S where the agent begins.", nameof(map));
    }
}
