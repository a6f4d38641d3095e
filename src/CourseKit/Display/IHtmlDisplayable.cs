namespace CourseKit.Display;

/// <summary>
/// A value that draws itself as an HTML fragment: charts, pictures, animations, progress bars.
/// Types marked <c>[TypeFormatterSource(typeof(DisplayFormatterSource))]</c> implement it, and
/// their <see cref="object.ToString"/> is the <c>text/plain</c> form.
/// </summary>
public interface IHtmlDisplayable
{
    /// <summary>The value as an HTML fragment that can be placed inside a notebook output or a page body.</summary>
    string ToHtml();
}

/// <summary>A picture that also exists as a standalone SVG document (rendered by GitHub and any image viewer).</summary>
public interface ISvgDisplayable : IHtmlDisplayable
{
    /// <summary>The picture as an SVG document (<c>image/svg+xml</c>).</summary>
    string ToSvg();
}

/// <summary>A value whose plain-text display differs from its <see cref="object.ToString"/> (e.g. a tensor's header line).</summary>
public interface IPlainTextDisplayable
{
    /// <summary>The value as plain text for <c>text/plain</c> output.</summary>
    string ToPlainText();
}
