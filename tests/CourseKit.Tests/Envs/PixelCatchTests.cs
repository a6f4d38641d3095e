using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class PixelCatchTests
{
    static (int R, int G, int B) Pixel(float[] obs, int x, int y)
    {
        int p = (y * PixelCatchEnv.Width + x) * 3;
        return ((int)obs[p], (int)obs[p + 1], (int)obs[p + 2]);
    }

    // The ball's cell read back from the picture, or null when no cell shows it.
    static (int X, int Y)? BallInPicture(float[] obs)
    {
        for (int row = 0; row < PixelCatchEnv.Rows - 1; row++)
            for (int col = 0; col < PixelCatchEnv.Columns; col++)
                if (Pixel(obs, col * PixelCatchEnv.CellPixels + 1, row * PixelCatchEnv.CellPixels + 1) == (236, 236, 236)) return (col, row);
        return null;
    }

    [Fact]
    public void TheObservationIsAnRgbPictureOfTheStateAndNothingElse()
    {
        var env = new PixelCatchEnv(flicker: false);
        var (obs, _) = env.Reset(seed: 4);
        Assert.Equal(new[] { 40, 40, 3 }, ((Box)env.ObservationSpace).Shape);
        Assert.True(env.ObservationSpace.Contains(obs));
        var s = env.State;
        Assert.Equal((s.BallX, s.BallY), BallInPicture(obs));
        for (int col = 0; col < PixelCatchEnv.Columns; col++)
        {
            bool paddle = col >= s.Paddle && col < s.Paddle + PixelCatchEnv.PaddleWidth;
            Assert.Equal(paddle ? (200, 72, 72) : (0, 0, 0), Pixel(obs, col * 4 + 2, 38));
        }
    }

    [Fact]
    public void TheBallFallsOneRowPerStepMovesDiagonallyAndBouncesOffTheWalls()
    {
        var env = new PixelCatchEnv(flicker: false);
        env.Reset(seed: 0);
        for (int step = 0; step < 40; step++)
        {
            var before = env.State;
            if (before.BallY == PixelCatchEnv.Rows - 2) { env.Step(0); continue; }   // this step resolves the ball
            env.Step(0);
            var after = env.State;
            Assert.Equal(before.BallY + 1, after.BallY);
            Assert.Equal(1, Math.Abs(after.BallX - before.BallX));
            Assert.InRange(after.BallX, 0, PixelCatchEnv.Columns - 1);
            if (before.BallX + before.BallDx is >= 0 and < PixelCatchEnv.Columns) Assert.Equal(before.BallDx, after.BallDx);
            else Assert.Equal(-before.BallDx, after.BallDx);
        }
    }

    [Fact]
    public void ACaughtBallPaysOneAMissedBallCostsOneAndFiveBallsEndTheEpisodeAfter45Steps()
    {
        // A paddle that follows the ball's landing column catches everything; one that runs away misses.
        foreach (bool chase in new[] { true, false })
        {
            var env = new PixelCatchEnv(flicker: false);
            env.Reset(seed: 11);
            double total = 0; int steps = 0;
            Step<float[]> s;
            do
            {
                var st = env.State;
                int target = chase ? LandingColumn(st.BallX, st.BallY, st.BallDx) : (st.BallX < 5 ? 9 : 0);
                int centre = st.Paddle;   // covers centre and centre+1
                int action = target < centre ? 1 : target > centre + 1 ? 2 : 0;
                s = env.Step(action);
                total += s.Reward;
                steps++;
                Assert.Contains(s.Reward, new[] { -1.0, 0.0, 1.0 });
            } while (!s.Terminated);
            Assert.Equal(45, steps);
            Assert.False(s.Truncated);
            Assert.Equal(chase ? 5 : -5, total);
        }
    }

    static int LandingColumn(int x, int y, int dx)
    {
        for (; y < PixelCatchEnv.Rows - 1; y++)
        {
            if (x + dx is < 0 or >= PixelCatchEnv.Columns) dx = -dx;
            x += dx;
        }
        return x;
    }

    [Fact]
    public void WithFlickerTheBallShowsOnEveryOtherFrameAndMaxOfTwoFramesAlwaysShowsIt()
    {
        var env = new PixelCatchEnv();
        var (obs, _) = env.Reset(seed: 2);
        Assert.NotNull(BallInPicture(obs));
        var shown = new List<bool>();
        for (int i = 0; i < 8; i++) shown.Add(BallInPicture(env.Step(0).Observation) is not null);
        Assert.Equal(new[] { false, true, false, true, false, true, false, true }, shown);

        var skipped = new MaxAndSkip<int>(new PixelCatchEnv(), skip: 2);
        skipped.Reset(seed: 2);
        for (int i = 0; i < 20; i++)
        {
            var s = skipped.Step(0);
            if (s.Done) break;
            Assert.NotNull(BallInPicture(s.Observation));
        }
    }

    [Fact]
    public void TheSameSeedGivesTheSameGameAndTheRandomPolicyScoresAboutMinusThree()
    {
        float[] Run(int seed)
        {
            var env = Gym.Make("PixelCatch-v0");
            var (obs, _) = env.Reset(seed: seed);
            var frames = new List<float>(obs);
            for (int i = 0; i < 30; i++) frames.AddRange(env.Step(i % 3).Observation);
            return [.. frames];
        }
        Assert.Equal(Run(5), Run(5));
        Assert.NotEqual(Run(5), Run(6));

        var game = Gym.Make("PixelCatch-v0");
        var rng = new Random(0);
        double sum = 0;
        const int episodes = 400;
        for (int e = 0; e < episodes; e++)
        {
            game.Reset(seed: e);
            Step<float[]> s;
            do { s = game.Step(rng.Next(3)); sum += s.Reward; } while (!s.Done);
        }
        // Documented in the pixels notebook: random play catches about one ball in five.
        Assert.InRange(sum / episodes, -3.6, -2.4);
    }

    [Fact]
    public void BadUseGetsClearErrors()
    {
        var env = new PixelCatchEnv();
        Assert.Contains("Reset", Assert.Throws<InvalidOperationException>(() => env.Step(0)).Message);
        env.Reset(seed: 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => env.Step(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PixelCatchEnv(ballsPerEpisode: 0));
    }
}
