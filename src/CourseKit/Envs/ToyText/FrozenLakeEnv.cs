using System.Text;

namespace CourseKit.Envs;

/// <summary>
/// FrozenLake-v1: walk from S to G across a frozen lake without falling into a hole (H). States are
/// <c>row * columns + column</c>; actions 0 left, 1 down, 2 right, 3 up. Reward 1 on reaching G, else 0;
/// holes and the goal end the episode. On slippery ice the agent moves in the intended direction with
/// probability 1/3 and to either side with probability (1 - 1/3)/2 each (not bit-equal to 1/3, as in
/// Gymnasium). The model <see cref="TabularEnv.P"/> matches Gymnasium's <c>env.unwrapped.P</c> entry for entry.
/// </summary>
public sealed class FrozenLakeEnv : TabularEnv
{
    /// <summary>Action: move left.</summary>
    public const int Left = 0;
    /// <summary>Action: move down.</summary>
    public const int Down = 1;
    /// <summary>Action: move right.</summary>
    public const int Right = 2;
    /// <summary>Action: move up.</summary>
    public const int Up = 3;

    readonly string[] _map;

    /// <summary>
    /// A FrozenLake on <paramref name="map"/> (default: Gymnasium's 4x4 map; see <see cref="FrozenLakeMaps"/>
    /// for the 8x8 map and random maps).
    /// </summary>
    /// <param name="map">Rows of S, F, H, G, all the same length, with at least one S.</param>
    /// <param name="isSlippery">Whether moves slip sideways.</param>
    /// <param name="successRate">On slippery ice, the probability of moving as intended.</param>
    /// <exception cref="ArgumentException">A malformed map (ragged rows, unknown cells, no start).</exception>
    public FrozenLakeEnv(IReadOnlyList<string>? map = null, bool isSlippery = true, double successRate = 1.0 / 3.0)
        : this(Checked(map ?? FrozenLakeMaps.Map4x4), isSlippery, successRate) { }

    FrozenLakeEnv(string[] map, bool isSlippery, double successRate)
        : base(BuildModel(map, isSlippery, successRate), InitialDistribution(map))
    {
        _map = map;
        IsSlippery = isSlippery;
        Id = map.Length == 8 && map.SequenceEqual(FrozenLakeMaps.Map8x8) ? "FrozenLake8x8-v1" : "FrozenLake-v1";
    }

    /// <summary>The map rows.</summary>
    public IReadOnlyList<string> Map => _map;

    /// <summary>Number of rows.</summary>
    public int Rows => _map.Length;

    /// <summary>Number of columns.</summary>
    public int Columns => _map[0].Length;

    /// <summary>Whether moves slip sideways.</summary>
    public bool IsSlippery { get; }

    static string[] Checked(IReadOnlyList<string> map)
    {
        FrozenLakeMaps.Validate(map);
        return [.. map];
    }

    static double[] InitialDistribution(string[] map)
    {
        var d = map.SelectMany(row => row).Select(c => c == 'S' ? 1.0 : 0.0).ToArray();
        double total = d.Sum();
        for (int i = 0; i < d.Length; i++) d[i] /= total;
        return d;
    }

    static Transition[][][] BuildModel(string[] map, bool isSlippery, double successRate)
    {
        int rows = map.Length, cols = map[0].Length;
        double failRate = (1.0 - successRate) / 2.0;
        var p = new Transition[rows * cols][][];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++)
            {
                int s = r * cols + c;
                p[s] = new Transition[4][];
                for (int a = 0; a < 4; a++)
                {
                    if (map[r][c] is 'G' or 'H') p[s][a] = [new Transition(1.0, s, 0, true)]; // absorbing
                    else if (isSlippery)
                        p[s][a] = [Move(map, r, c, (a + 3) % 4, failRate), Move(map, r, c, a, successRate), Move(map, r, c, (a + 1) % 4, failRate)];
                    else p[s][a] = [Move(map, r, c, a, 1.0)];
                }
            }
        return p;
    }

    static Transition Move(string[] map, int row, int col, int action, double probability)
    {
        int rows = map.Length, cols = map[0].Length;
        switch (action)
        {
            case Left: col = Math.Max(col - 1, 0); break;
            case Down: row = Math.Min(row + 1, rows - 1); break;
            case Right: col = Math.Min(col + 1, cols - 1); break;
            case Up: row = Math.Max(row - 1, 0); break;
        }
        char cell = map[row][col];
        return new Transition(probability, row * cols + col, cell == 'G' ? 1.0 : 0.0, cell is 'G' or 'H');
    }

    /// <summary>The map as text with the agent's cell in brackets, like Gymnasium's "ansi" rendering.</summary>
    public string RenderText()
    {
        var text = new StringBuilder();
        if (LastAction >= 0) text.Append("  (").Append(new[] { "Left", "Down", "Right", "Up" }[LastAction]).Append(")\n");
        for (int r = 0; r < Rows; r++)
        {
            for (int c = 0; c < Columns; c++)
                text.Append(r * Columns + c == State ? $"[{_map[r][c]}]" : $" {_map[r][c]} ");
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The grid (ice, holes, start, goal) with the agent as an orange disc facing its last move.</summary>
    public override Frame Render()
    {
        double cell = Math.Min(64.0 * Columns, 512) / Columns;
        var frame = new Frame(cell * Columns, cell * Rows, new Rgb(214, 234, 248));
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                double x = c * cell, y = r * cell;
                frame.Rect(x, y, cell, cell, new Rgb(214, 234, 248), new Rgb(180, 200, 230));
                switch (_map[r][c])
                {
                    case 'H': frame.Circle(x + cell / 2, y + cell / 2, cell * 0.38, new Rgb(31, 58, 95)); break;
                    case 'G':
                        frame.Rect(x + cell * 0.15, y + cell * 0.15, cell * 0.7, cell * 0.7, new Rgb(46, 160, 67));
                        frame.Text(x + cell / 2, y + cell / 2, "G", cell * 0.4, new Rgb(255, 255, 255));
                        break;
                    case 'S': frame.Rect(x + cell * 0.3, y + cell * 0.55, cell * 0.4, cell * 0.15, new Rgb(150, 111, 51)); break;
                }
            }
        if (State >= 0) DrawAgent(frame, cell);
        return frame;
    }

    void DrawAgent(Frame frame, double cell)
    {
        int r = State / Columns, c = State % Columns;
        double cx = c * cell + cell / 2, cy = r * cell + cell / 2;
        bool fell = _map[r][c] == 'H';
        frame.Circle(cx, cy, cell * 0.28, fell ? new Rgb(200, 40, 40) : new Rgb(245, 140, 30));
        var (dx, dy) = (LastAction < 0 ? Down : LastAction) switch { Left => (-1, 0), Right => (1, 0), Up => (0, -1), _ => (0, 1) };
        double tip = cell * 0.26, side = cell * 0.1;
        frame.Polygon([(cx + dx * tip, cy + dy * tip), (cx + dx * tip * 0.4 - dy * side, cy + dy * tip * 0.4 + dx * side),
                       (cx + dx * tip * 0.4 + dy * side, cy + dy * tip * 0.4 - dx * side)], new Rgb(60, 30, 10));
    }
}
