namespace CourseKit.Envs;

/// <summary>
/// The course's pixel game for DQN on frames (<c>"PixelCatch-v0"</c>): balls fall diagonally down a
/// 10×10 court, bouncing off the side walls, and a two-cell paddle on the bottom row must catch them.
/// The agent sees only the screen: an RGB image of <see cref="Height"/>×<see cref="Width"/> pixels
/// (height, width, channel order, values 0–255, as Gymnasium's Atari envs return them), never the
/// positions.
/// </summary>
/// <remarks>
/// <para>Actions: 0 stay, 1 left, 2 right (the paddle moves one cell). Reward +1 for a caught ball,
/// −1 for a missed one, 0 otherwise. A ball takes 9 steps to fall; the next ball appears at the top
/// in the same step. The episode terminates after <see cref="BallsPerEpisode"/> balls (45 steps).</para>
/// <para>Why it teaches the Atari pipeline: one frame does not show which way the ball is going (stack
/// frames); with <c>flicker</c> on, as on the Atari 2600, the ball is drawn only on every other frame
/// (take the maximum of two frames); the picture is RGB and larger than it needs to be (grey-scale and
/// downscale it).</para>
/// </remarks>
public sealed class PixelCatchEnv : FloatArrayEnv<int>
{
    /// <summary>Cells across and down the court.</summary>
    public const int Columns = 10, Rows = 10;
    /// <summary>Pixels per cell side.</summary>
    public const int CellPixels = 4;
    /// <summary>Frame size in pixels.</summary>
    public const int Height = Rows * CellPixels, Width = Columns * CellPixels;
    /// <summary>Cells the paddle covers.</summary>
    public const int PaddleWidth = 2;

    static readonly Rgb Background = new(0, 0, 0), BallColour = new(236, 236, 236), PaddleColour = new(200, 72, 72);

    readonly Box _observationSpace = new(0f, 255f, Height, Width, 3);
    readonly Discrete _actionSpace = new(3);
    readonly bool _flicker;
    int _paddle, _ballX, _ballY, _ballDx, _ballsLeft;
    long _frame;
    bool _started, _terminatedEarlier, _warned;

    /// <summary>Creates the game.</summary>
    /// <param name="ballsPerEpisode">Balls per episode (the return lies in [−balls, +balls]).</param>
    /// <param name="flicker">Draw the ball only on even frames, as the Atari 2600 drew many sprites.</param>
    public PixelCatchEnv(int ballsPerEpisode = 5, bool flicker = true)
    {
        if (ballsPerEpisode < 1) throw new ArgumentOutOfRangeException(nameof(ballsPerEpisode), ballsPerEpisode, "PixelCatch needs at least one ball per episode");
        BallsPerEpisode = ballsPerEpisode;
        _flicker = flicker;
        Id = "PixelCatch-v0";
    }

    /// <summary>Balls per episode.</summary>
    public int BallsPerEpisode { get; }

    /// <summary>Whether the ball is drawn only on every other frame.</summary>
    public bool Flicker => _flicker;

    /// <inheritdoc/>
    public override Space<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc/>
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>
    /// The positions behind the picture, for tests and for the lesson's illustrations: paddle column
    /// (its left cell), ball column and row, ball direction (−1 or +1), balls still to come.
    /// </summary>
    public (int Paddle, int BallX, int BallY, int BallDx, int BallsLeft) State =>
        _started ? (_paddle, _ballX, _ballY, _ballDx, _ballsLeft) : throw new InvalidOperationException($"{Id}: there is no state before the first Reset.");

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        SeedGenerator(seed);
        _paddle = (Columns - PaddleWidth) / 2;
        _ballsLeft = BallsPerEpisode;
        _frame = 0;
        NewBall();
        _started = true;
        _terminatedEarlier = _warned = false;
        Draw(observation);
        return EnvInfo.Empty;
    }

    void NewBall()
    {
        _ballX = (int)NpRandom.Integers(Columns);
        _ballY = 0;
        _ballDx = NpRandom.Integers(2) == 0 ? -1 : 1;
    }

    internal override StepOutcome StepInto(int action, Span<float> observation)
    {
        if (!_started) throw EnvErrors.StepBeforeReset(Id);
        if (!_actionSpace.Contains(action)) throw EnvErrors.ActionOutside(Id, _actionSpace, action);
        if (_terminatedEarlier && !_warned)
        {
            _warned = true;
            EnvWarnings.Warn($"{EnvErrors.Name(Id)}: Step was called after the episode terminated. Call Reset() once Terminated is true; the game goes on dropping balls that pay nothing.");
        }
        _paddle = Math.Clamp(_paddle + action switch { 1 => -1, 2 => 1, _ => 0 }, 0, Columns - PaddleWidth);
        if (_ballX + _ballDx is < 0 or >= Columns) _ballDx = -_ballDx;   // bounce off the side wall
        _ballX += _ballDx;
        _ballY++;
        double reward = 0;
        if (_ballY == Rows - 1)
        {
            reward = _ballX >= _paddle && _ballX < _paddle + PaddleWidth ? 1 : -1;
            if (_ballsLeft > 0) _ballsLeft--;
            NewBall();
        }
        if (_terminatedEarlier) reward = 0;
        bool terminated = _ballsLeft == 0;
        _terminatedEarlier |= terminated;
        _frame++;
        Draw(observation);
        return new StepOutcome(reward, terminated, false, EnvInfo.Empty);
    }

    bool BallVisible => !_flicker || _frame % 2 == 0;

    // The frame the agent sees: height × width × RGB, values 0–255.
    void Draw(Span<float> observation)
    {
        for (int i = 0; i < observation.Length; i += 3)
        {
            observation[i] = Background.R; observation[i + 1] = Background.G; observation[i + 2] = Background.B;
        }
        FillCells(observation, _paddle, Rows - 1, PaddleWidth, PaddleColour);
        if (BallVisible && _ballY < Rows - 1) FillCells(observation, _ballX, _ballY, 1, BallColour);
    }

    static void FillCells(Span<float> observation, int column, int row, int cells, Rgb colour)
    {
        for (int y = row * CellPixels; y < (row + 1) * CellPixels; y++)
            for (int x = column * CellPixels; x < (column + cells) * CellPixels; x++)
            {
                int p = (y * Width + x) * 3;
                observation[p] = colour.R; observation[p + 1] = colour.G; observation[p + 2] = colour.B;
            }
    }

    /// <summary>Draws what the agent sees (with the ball hidden on flicker frames), as vector shapes.</summary>
    public override Frame Render()
    {
        if (!_started) throw new InvalidOperationException($"{EnvErrors.Name(Id)}: nothing to render before the first Reset.");
        var frame = new Frame(Width, Height, Background)
            .Rect(_paddle * CellPixels, (Rows - 1) * CellPixels, PaddleWidth * CellPixels, CellPixels, PaddleColour);
        if (BallVisible && _ballY < Rows - 1) frame.Rect(_ballX * CellPixels, _ballY * CellPixels, CellPixels, CellPixels, BallColour);
        return frame;
    }
}
