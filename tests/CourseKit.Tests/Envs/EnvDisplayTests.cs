using CourseKit.Display;
using CourseKit.Envs;

namespace CourseKit.Tests.Envs;

/// <summary>Env frames, recordings and steps show themselves in a notebook through the formatter convention.</summary>
public class EnvDisplayTests
{
    [Fact]
    public void AFrameRendersAsInlineSvg()
    {
        var env = Gym.Make("CartPole-v1");
        env.Reset(seed: 0);
        Assert.True(Formatting.TryFormat(env.Render(), MimeTypes.Html, out var html));
        Assert.Contains("<svg", html);
        Assert.True(Formatting.TryFormat(env.Render().ToRgb(60, 40), MimeTypes.Html, out var png));
        Assert.Contains("data:image/png;base64,", png);
    }

    [Fact]
    public void ARecordedEpisodeRendersAsAnAnimation()
    {
        var episode = Gym.Make("CartPole-v1").RecordEpisode(_ => 1, seed: 0);
        Assert.True(Formatting.TryFormat(episode, MimeTypes.Html, out var html));
        Assert.Contains("<svg", html);
        Assert.Equal(episode.Length + 1, episode.Animate().FrameCount);
        Assert.Contains("terminated", episode.ToString());
    }

    [Fact]
    public void AStepPrintsItsObservation()
    {
        var env = Gym.Make("CartPole-v1");
        env.Reset(seed: 0);
        var text = env.Step(0).ToString();
        Assert.Contains("Observation = [0.0132", text);
        Assert.Contains("Terminated = False", text);
    }
}
