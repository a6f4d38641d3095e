namespace CourseKit.Display;

/// <summary>
/// A frame of pixels (RGB, or grey with one channel) that displays inline as a PNG: what a pixel
/// environment's <c>Render()</c> returns. Small frames are scaled up without blurring.
/// <code>new RgbImage(env.Render(), width: 600, height: 400)</code>
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed class RgbImage : IHtmlDisplayable
{
    /// <summary>Wraps <paramref name="pixels"/>: <paramref name="height"/> rows of <paramref name="width"/> pixels, <paramref name="channels"/> bytes each.</summary>
    public RgbImage(byte[] pixels, int width, int height, int channels = 3)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        Png = PngEncoder.Encode(pixels, width, height, channels);   // validates sizes once, up front
        Width = width;
        Height = height;
        Channels = channels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 (grey) or 3 (RGB).</summary>
    public int Channels { get; }

    /// <summary>The frame as a PNG file.</summary>
    public byte[] Png { get; }

    /// <summary>How many times larger than the frame the browser draws it: small frames (a 10x10 game) get at least 256 pixels.</summary>
    public int DisplayScale => DisplayScaleFor(Width, Height);

    internal static int DisplayScaleFor(int width, int height) => Math.Max(1, 256 / Math.Max(width, height));

    /// <inheritdoc/>
    public string ToHtml() =>
        $"<img class=\"coursekit-frame\" src=\"data:image/png;base64,{Convert.ToBase64String(Png)}\" width=\"{Width * DisplayScale}\" height=\"{Height * DisplayScale}\" " +
        "style=\"image-rendering:pixelated\" alt=\"frame\"/>";

    /// <summary>A short description.</summary>
    public override string ToString() => $"RgbImage {Width}x{Height}{(Channels == 1 ? " grey" : "")} ({Png.Length:N0}-byte PNG)";

    /// <summary>Writes the frame as a .png file.</summary>
    public void SavePng(string path)
    {
        var full = Path.GetFullPath(path);
        var temp = full + ".tmp";
        File.WriteAllBytes(temp, Png);
        File.Move(temp, full, overwrite: true);
    }
}
