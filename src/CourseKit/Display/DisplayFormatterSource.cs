namespace CourseKit.Display;

/// <summary>
/// The formatter source behind CourseKit's displayable types. It has exactly the shape the kernel's
/// naming convention asks for (parameterless constructor, <see cref="CreateTypeFormatters"/>), so the
/// kernel can use it through reflection without either side referencing the other.
/// </summary>
public sealed class DisplayFormatterSource
{
    /// <summary>Formatters for <c>text/html</c>, <c>text/plain</c> and <c>image/svg+xml</c>.</summary>
    public IEnumerable<object> CreateTypeFormatters() =>
    [
        new DisplayFormatter(MimeTypes.Html),
        new DisplayFormatter(MimeTypes.PlainText),
        new DisplayFormatter(MimeTypes.Svg),
    ];
}

/// <summary>
/// One formatter of <see cref="DisplayFormatterSource"/>. It has no <c>Type</c> property on purpose:
/// the kernel then applies it to exactly the type that carries the attribute.
/// </summary>
public sealed class DisplayFormatter(string mimeType)
{
    /// <summary>The MIME type this formatter writes.</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>Writes <paramref name="instance"/> in <see cref="MimeType"/>; false when it has no such form.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        string? text = MimeType switch
        {
            MimeTypes.Html when instance is IHtmlDisplayable h => h.ToHtml(),
            MimeTypes.Svg when instance is ISvgDisplayable s => s.ToSvg(),
            MimeTypes.PlainText => instance is IPlainTextDisplayable p ? p.ToPlainText() : instance.ToString(),
            _ => null,
        };
        if (text is null) return false;
        writer.Write(text);
        return true;
    }
}

/// <summary>The MIME types CourseKit writes.</summary>
public static class MimeTypes
{
    /// <summary><c>text/html</c>: what VS Code shows inline.</summary>
    public const string Html = "text/html";

    /// <summary><c>text/plain</c>: console output and logs.</summary>
    public const string PlainText = "text/plain";

    /// <summary><c>image/svg+xml</c>: pictures that GitHub renders inside a saved notebook.</summary>
    public const string Svg = "image/svg+xml";
}
