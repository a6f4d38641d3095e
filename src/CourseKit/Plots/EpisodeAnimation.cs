using CourseKit.Display;

namespace CourseKit.Plots;

/// <summary>
/// A recorded episode played inline: play/pause, a step slider and a frame-rate box, in one
/// self-contained piece of HTML (no files, no ffmpeg) — the notebook's answer to Gymnasium's RecordVideo.
/// <code>EpisodeAnimation.FromSvg(frames, fps: 30, title: "CartPole, greedy policy")</code>
/// Without scripts (e.g. on GitHub) the first frame still shows.
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed class EpisodeAnimation : IHtmlDisplayable
{
    /// <summary>Frames beyond this many are thinned (every k-th kept) so the notebook stays small.</summary>
    public const int MaxFrames = 2000;

    internal enum FrameKind { Svg, Png }

    internal FrameKind Kind { get; }
    internal string[] Frames { get; }            // SVG text or base64 PNG, one per shown frame
    internal int Width { get; }                  // PNG frames only
    internal int Height { get; }
    internal int Stride { get; }                 // 1 unless thinned

    private EpisodeAnimation(FrameKind kind, string[] frames, double fps, string? title, int width = 0, int height = 0)
    {
        if (frames.Length == 0) throw new ArgumentException("EpisodeAnimation needs at least one frame; the episode recorded none.", nameof(frames));
        if (!double.IsFinite(fps) || fps <= 0 || fps > 240) throw new ArgumentOutOfRangeException(nameof(fps), fps, "fps must be between 0 and 240.");
        RecordedFrames = frames.Length;
        Stride = (frames.Length + MaxFrames - 1) / MaxFrames;
        Frames = Stride == 1 ? frames : frames.Where((_, i) => i % Stride == 0).ToArray();
        Kind = kind;
        Fps = fps;
        Title = title;
        Width = width;
        Height = height;
    }

    /// <summary>An animation of SVG frames (one <c>&lt;svg&gt;</c> document per step), e.g. from an env's <c>Render()</c>.</summary>
    public static EpisodeAnimation FromSvg(IEnumerable<string> frames, double fps = 30, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var all = frames.ToArray();
        for (int i = 0; i < all.Length; i++)
            if (all[i] is null || !all[i].TrimStart().StartsWith("<svg", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"EpisodeAnimation.FromSvg: frame {i} is not an <svg> document.", nameof(frames));
        return new EpisodeAnimation(FrameKind.Svg, all, fps, title);
    }

    /// <summary>An animation of SVG pictures.</summary>
    public static EpisodeAnimation FromSvg(IEnumerable<SvgImage> frames, double fps = 30, string? title = null) =>
        FromSvg(frames.Select(f => f.Svg), fps, title);

    /// <summary>
    /// An animation of pixel frames, each <paramref name="width"/> x <paramref name="height"/> x
    /// <paramref name="channels"/> bytes (RGB by default), stored as PNG.
    /// </summary>
    public static EpisodeAnimation FromRgb(IEnumerable<byte[]> frames, int width, int height, double fps = 30, string? title = null, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "Frames have 1 (grey) or 3 (RGB) channels.");
        var all = frames.ToArray();
        long expected = (long)width * height * channels;
        for (int i = 0; i < all.Length; i++)
            if (all[i] is null || all[i].Length != expected)
                throw new ArgumentException($"EpisodeAnimation.FromRgb: frame {i} has {all[i]?.Length ?? 0} bytes; a {width}x{height} frame with {channels} channel(s) has {expected}.", nameof(frames));
        // Frames are independent and a 600x400 one takes milliseconds to compress: worth both cores.
        var pngs = new string[all.Length];
        Parallel.For(0, all.Length, i => pngs[i] = Convert.ToBase64String(PngEncoder.Encode(all[i], width, height, channels)));
        return new EpisodeAnimation(FrameKind.Png, pngs, fps, title, width, height);
    }

    /// <summary>An animation of pixel frames that are already <see cref="RgbImage"/>s (all the same size).</summary>
    public static EpisodeAnimation FromRgb(IEnumerable<RgbImage> frames, double fps = 30, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var all = frames.ToArray();
        if (all.Length > 0 && all.Any(f => f.Width != all[0].Width || f.Height != all[0].Height))
            throw new ArgumentException("EpisodeAnimation.FromRgb: frames differ in size; an episode's frames must all be the same size.", nameof(frames));
        return new EpisodeAnimation(FrameKind.Png, all.Select(f => Convert.ToBase64String(f.Png)).ToArray(), fps,
            title, all.FirstOrDefault()?.Width ?? 0, all.FirstOrDefault()?.Height ?? 0);
    }

    /// <summary>How many frames were recorded.</summary>
    public int RecordedFrames { get; }

    /// <summary>How many frames the player holds (fewer than recorded only beyond <see cref="MaxFrames"/>).</summary>
    public int FrameCount => Frames.Length;

    /// <summary>Playback speed in frames per second (the viewer can change it).</summary>
    public double Fps { get; }

    /// <summary>The title above the player, or null.</summary>
    public string? Title { get; }

    /// <summary>Per-frame text under the picture (e.g. "step 12, return 12"), or null.</summary>
    public IReadOnlyList<string>? Captions { get; private set; }

    /// <summary>Whether playback starts as soon as the output appears (once through; default true).</summary>
    public bool AutoPlay { get; private set; } = true;

    /// <summary>Whether playback starts again after the last frame (default false: a long loop costs CPU in an open notebook).</summary>
    public bool Loop { get; private set; }

    /// <summary>Sets one caption per recorded frame.</summary>
    public EpisodeAnimation WithCaptions(IEnumerable<string> captions)
    {
        var all = captions.ToArray();
        if (all.Length != RecordedFrames)
            throw new ArgumentException($"WithCaptions: {all.Length} captions for {RecordedFrames} frames; give one per frame.", nameof(captions));
        Captions = Stride == 1 ? all : all.Where((_, i) => i % Stride == 0).ToArray();
        return this;
    }

    /// <summary>Sets whether playback starts by itself.</summary>
    public EpisodeAnimation WithAutoPlay(bool autoPlay = true) { AutoPlay = autoPlay; return this; }

    /// <summary>Sets whether playback loops.</summary>
    public EpisodeAnimation WithLoop(bool loop = true) { Loop = loop; return this; }

    /// <inheritdoc/>
    public string ToHtml() => AnimationHtml.Render(this);

    /// <summary>Writes a standalone HTML page with the player, atomically.</summary>
    public void SaveHtml(string path) => AtomicFile.WriteAllText(path, HtmlPage.Standalone(Title ?? "Episode", "", ToHtml()));

    /// <summary>A short description.</summary>
    public override string ToString() =>
        $"EpisodeAnimation{(Title is null ? "" : $" '{Title}'")}: {FrameCount} {(Kind == FrameKind.Svg ? "SVG" : $"{Width}x{Height} PNG")} frames at {Fps:0.#} fps ({FrameCount / Fps:0.0} s)" +
        (Stride > 1 ? $", 1 frame in {Stride} of {RecordedFrames} recorded" : "");
}
