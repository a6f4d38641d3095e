using CourseKit.Display;
using CourseKit.Plots;

namespace CourseKit.Envs;

/// <summary>
/// The frames of one episode with its rewards: <c>var episode = env.RecordEpisode(policy, seed: 0);</c> then
/// <see cref="ToSvg"/> for inline display or <see cref="ToRgb"/> for pixels.
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed class EpisodeRecording : IHtmlDisplayable
{
    internal EpisodeRecording(string envId, List<Frame> frames, List<double> rewards, bool terminated, bool truncated)
    {
        EnvId = envId;
        Frames = frames;
        Rewards = rewards;
        Terminated = terminated;
        Truncated = truncated;
    }

    /// <summary>The env that was recorded.</summary>
    public string EnvId { get; }

    /// <summary>One frame after Reset and one after every step (so <c>Length + 1</c> frames).</summary>
    public IReadOnlyList<Frame> Frames { get; }

    /// <summary>The reward of every step.</summary>
    public IReadOnlyList<double> Rewards { get; }

    /// <summary>The number of steps.</summary>
    public int Length => Rewards.Count;

    /// <summary>The sum of the rewards.</summary>
    public double Return => Rewards.Sum();

    /// <summary>Whether the episode ended by termination.</summary>
    public bool Terminated { get; }

    /// <summary>Whether the episode ended by truncation (or by the recording's step limit).</summary>
    public bool Truncated { get; }

    /// <summary>The episode as an inline animation with play/pause and a step slider (the notebook's RecordVideo).</summary>
    public EpisodeAnimation Animate(double fps = 30) =>
        EpisodeAnimation.FromSvg(ToSvg(), fps, $"{EnvId}: {Length} steps, return {Return:G6}");

    /// <inheritdoc/>
    public string ToHtml() => Animate().ToHtml();

    /// <inheritdoc/>
    public override string ToString() => $"EpisodeRecording {EnvId}: {Length} steps, return {Return:G6}, {(Terminated ? "terminated" : Truncated ? "truncated" : "open")}";

    /// <summary>Every frame as an SVG document.</summary>
    public IReadOnlyList<string> ToSvg() => [.. Frames.Select(f => f.ToSvg())];

    /// <summary>Every frame as a <paramref name="width"/> x <paramref name="height"/> RGB image.</summary>
    public IReadOnlyList<RgbFrame> ToRgb(int width, int height) => [.. Frames.Select(f => f.ToRgb(width, height))];
}

/// <summary>Records episodes as frames.</summary>
public static class EpisodeRecorder
{
    /// <summary>
    /// Plays one episode, choosing actions with <paramref name="policy"/> (random actions when null), and
    /// keeps a frame of every state. Stops at termination, truncation or <paramref name="maxSteps"/> steps.
    /// </summary>
    public static EpisodeRecording RecordEpisode<TObs, TAct>(this Env<TObs, TAct> env, Func<TObs, TAct>? policy = null, int? seed = null, int maxSteps = 10_000)
    {
        ArgumentNullException.ThrowIfNull(env);
        var random = seed is int s ? new NumpyRandom(s) : NumpyRandom.FromEntropy();
        policy ??= _ => env.ActionSpace.Sample(random);
        var (obs, _) = env.Reset(seed);
        var frames = new List<Frame> { env.Render() };
        var rewards = new List<double>();
        bool terminated = false, truncated = false;
        for (int t = 0; t < maxSteps && !terminated && !truncated; t++)
        {
            var step = env.Step(policy(obs));
            rewards.Add(step.Reward);
            frames.Add(env.Render());
            (obs, terminated, truncated) = (step.Observation, step.Terminated, step.Truncated);
        }
        return new EpisodeRecording(env.Id, frames, rewards, terminated, truncated || !terminated);
    }
}
