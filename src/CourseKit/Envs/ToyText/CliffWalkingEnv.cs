namespace CourseKit.Envs;

/// <summary>
/// CliffWalking-v1 (Sutton and Barto, Example 6.6): a 4 x 12 grid; start bottom left (state 36), goal
/// bottom right (state 47), the cells between them are a cliff. Actions 0 up, 1 right, 2 down, 3 left.
/// Reward -1 per step; stepping into the cliff costs -100 and sends the agent back to the start
/// (without ending the episode); reaching the goal terminates. Like Gymnasium, CliffWalking-v1 has no
/// time limit. With <c>isSlippery</c> the agent moves to either side with probability 1/3 each.
/// </summary>
public sealed class CliffWalkingEnv : TabularEnv
{
    /// <summary>Action: move up.</summary>
    public const int Up = 0;
    /// <summary>Action: move right.</summary>
    public const int Right = 1;
    /// <summary>Action: move down.</summary>
    public const int Down = 2;
    /// <summary>Action: move left.</summary>
    public const int Left = 3;

    const int Rows = 4, Columns = 12, StartState = 36;

    /// <summary>The cliff walk, deterministic unless <paramref name="isSlippery"/>.</summary>
    public CliffWalkingEnv(bool isSlippery = false) : base(BuildModel(isSlippery), Start())
    {
        IsSlippery = isSlippery;
        Id = isSlippery ? "CliffWalkingSlippery-v1" : "CliffWalking-v1";
    }

    /// <summary>Whether moves slip sideways.</summary>
    public bool IsSlippery { get; }

    static bool IsCliff(int row, int col) => row == Rows - 1 && col >= 1 && col <= Columns - 2;

    static double[] Start()
    {
        var d = new double[Rows * Columns];
        d[StartState] = 1.0;
        return d;
    }

    static Transition[][][] BuildModel(bool isSlippery)
    {
        var p = new Transition[Rows * Columns][][];
        for (int s = 0; s < p.Length; s++)
        {
            p[s] = new Transition[4][];
            for (int a = 0; a < 4; a++)
            {
                int[] moves = isSlippery ? [(a + 3) % 4, a, (a + 1) % 4] : [a];
                p[s][a] = [.. moves.Select(m => Move(s / Columns, s % Columns, m, 1.0 / moves.Length))];
            }
        }
        return p;
    }

    static Transition Move(int row, int col, int action, double probability)
    {
        var (dr, dc) = action switch { Up => (-1, 0), Right => (0, 1), Down => (1, 0), _ => (0, -1) };
        row = Math.Clamp(row + dr, 0, Rows - 1);
        col = Math.Clamp(col + dc, 0, Columns - 1);
        if (IsCliff(row, col)) return new Transition(probability, StartState, -100, false);
        return new Transition(probability, row * Columns + col, -1, row == Rows - 1 && col == Columns - 1);
    }

    /// <summary>The grid with the cliff, start, goal and the agent.</summary>
    public override Frame Render()
    {
        const double cell = 60;
        var frame = new Frame(cell * Columns, cell * Rows, new Rgb(235, 245, 225));
        for (int r = 0; r < Rows; r++)
            for (int c = 0; c < Columns; c++)
            {
                int s = r * Columns + c;
                var fill = IsCliff(r, c) ? new Rgb(90, 70, 60) : s == StartState ? new Rgb(200, 190, 150)
                         : s == Rows * Columns - 1 ? new Rgb(46, 160, 67) : new Rgb(235, 245, 225);
                frame.Rect(c * cell, r * cell, cell, cell, fill, new Rgb(180, 200, 180));
            }
        if (State >= 0)
            frame.Circle((State % Columns + 0.5) * cell, (State / Columns + 0.5) * cell, cell * 0.3, new Rgb(245, 140, 30));
        return frame;
    }
}
