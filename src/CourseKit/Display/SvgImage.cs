namespace CourseKit.Display;

/// <summary>
/// An SVG picture that displays inline: an environment frame, a Q-table heatmap. Inline SVG needs no
/// script, so it also renders in a notebook viewed on GitHub.
/// <code>new SvgImage(env.Render())</code>
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed class SvgImage : ISvgDisplayable
{
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    /// <summary>Wraps an SVG document (an <c>&lt;svg&gt;</c> element); <paramref name="text"/> is its plain-text form for consoles.</summary>
    public SvgImage(string svg, string? text = null)
    {
        ArgumentNullException.ThrowIfNull(svg);
        var trimmed = svg.TrimStart();
        if (!trimmed.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) && !trimmed.StartsWith("<?xml", StringComparison.Ordinal))
            throw new ArgumentException($"SvgImage expects an <svg> element; got text starting with \"{trimmed[..Math.Min(20, trimmed.Length)]}\".", nameof(svg));
        // A standalone .svg file and image/svg+xml output need the namespace; inline HTML does not care.
        Svg = trimmed.StartsWith("<svg", StringComparison.OrdinalIgnoreCase) && !trimmed.Contains("xmlns=", StringComparison.Ordinal)
            ? "<svg xmlns=\"" + SvgNamespace + "\"" + trimmed[4..]
            : trimmed;
        Text = text;
    }

    /// <summary>The SVG document.</summary>
    public string Svg { get; }

    /// <summary>The plain-text form given at construction, or null.</summary>
    public string? Text { get; }

    /// <inheritdoc/>
    public string ToSvg() => Svg;

    /// <inheritdoc/>
    public string ToHtml() => "<div class=\"coursekit-svg\">" + Svg + "</div>";

    /// <summary>The plain-text form, or a short description.</summary>
    public override string ToString() => Text ?? $"SvgImage ({Svg.Length:N0} characters of SVG)";

    /// <summary>Writes the picture as an .svg file, atomically.</summary>
    public void SaveSvg(string path) => AtomicFile.WriteAllText(path, Svg);
}
