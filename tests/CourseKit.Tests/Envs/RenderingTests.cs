using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

public class RenderingTests
{
    [Fact]
    public void FrozenLakeDrawsTheGridAndTheAgent()
    {
        var env = new FrozenLakeEnv(isSlippery: false);
        env.Reset(seed: 0);
        var svg = env.Render().ToSvg();
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"256\" height=\"256\"", svg);
        Assert.Equal(16, CountOf(svg, "stroke=\"#b4c8e6\"")); // one outlined tile per cell
        Assert.Equal(4, CountOf(svg, "fill=\"#1f3a5f\""));    // four holes on the 4x4 map
        Assert.Contains("fill=\"#f58c1e\"", svg);              // the agent

        // In pixels: the agent's cell is orange, and it moves with the agent.
        var rgb = env.Render().ToRgb(64, 64);
        Assert.Equal(new Rgb(245, 140, 30), rgb[7, 7]);
        env.Step(FrozenLakeEnv.Right);
        var moved = env.Render().ToRgb(64, 64);
        Assert.NotEqual(new Rgb(245, 140, 30), moved[7, 7]);
        Assert.Equal(new Rgb(245, 140, 30), moved[23, 7]);
        Assert.Contains("[F]", env.RenderText());
    }

    [Fact]
    public void FallingIntoAHoleIsDrawnRed()
    {
        var env = new FrozenLakeEnv(isSlippery: false);
        env.Reset(seed: 0);
        env.Step(FrozenLakeEnv.Right);
        env.Step(FrozenLakeEnv.Down); // state 5 is a hole
        Assert.Equal(new Rgb(200, 40, 40), env.Render().ToRgb(64, 64)[24, 24]);
    }

    [Fact]
    public void CartPoleFrameFollowsTheCart()
    {
        var env = new CartPoleEnv();
        env.Reset(seed: 0);
        env.State = [0, 0, 0, 0];
        var centre = env.Render().ToRgb(600, 400);
        Assert.Equal(new Rgb(0, 0, 0), centre[300, 305]);        // the cart body
        Assert.Equal(new Rgb(202, 152, 101), centre[300, 200]);  // the upright pole above it
        env.State = [1.2, 0, 0, 0];
        var right = env.Render().ToRgb(600, 400);
        Assert.Equal(new Rgb(255, 255, 255), right[300, 200]);
        Assert.Equal(new Rgb(0, 0, 0), right[450, 305]);
        Assert.Equal(new Rgb(202, 152, 101), right[450, 200]);
    }

    [Fact]
    public void EveryEnvDrawsSvgAndRgbOfTheRequestedSize()
    {
        foreach (var spec in Gym.Registry)
        {
            Frame frame = spec.ObservationType == typeof(int)
                ? Render(Gym.Make<int, int>(spec.Id))
                : spec.ActionType == typeof(int) ? Render(Gym.Make(spec.Id)) : Render(Gym.Make<float[], float[]>(spec.Id));
            Assert.StartsWith("<svg", frame.ToSvg());
            var rgb = frame.ToRgb(84, 84);
            Assert.Equal(84 * 84 * 3, rgb.Pixels.Length);
            Assert.True(rgb.Pixels.Distinct().Count() > 2, $"{spec.Id} drew a blank frame");
        }
    }

    [Fact]
    public void RecordingAnEpisodeIsOneLine()
    {
        var episode = Gym.Make("CartPole-v1").RecordEpisode(obs => obs[2] > 0 ? 1 : 0, seed: 0);
        Assert.Equal(episode.Length + 1, episode.Frames.Count);
        Assert.Equal(episode.Length, episode.Return);
        Assert.True(episode.Terminated || episode.Truncated);
        Assert.All(episode.ToSvg(), svg => Assert.StartsWith("<svg", svg));
        Assert.Equal(episode.Frames.Count, episode.ToRgb(60, 40).Count);

        var random = new FrozenLakeEnv().WithTimeLimit(100).RecordEpisode(seed: 3);
        Assert.Equal(random.Length + 1, random.Frames.Count);
    }

    static Frame Render<TObs, TAct>(Env<TObs, TAct> env)
    {
        env.Reset(seed: 0);
        return env.Render();
    }

    static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
