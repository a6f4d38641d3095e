using System.Globalization;
using System.Text;
using CourseKit.Display;

namespace CourseKit.Envs;

/// <summary>An RGB colour.</summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    /// <summary>The colour as <c>#rrggbb</c>.</summary>
    public string Hex => $"#{R:x2}{G:x2}{B:x2}";
}

/// <summary>
/// One rendered picture of an env, kept as vector shapes so it can become crisp SVG for inline
/// display (<see cref="ToSvg"/>) or pixels of any size for pixel pipelines (<see cref="ToRgb(int, int)"/>).
/// Coordinates run from the top-left corner, x to the right and y downwards.
/// A frame that ends a notebook cell is drawn inline as SVG.
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed class Frame : ISvgDisplayable
{
    internal readonly List<Shape> Shapes = [];

    /// <summary>An empty picture of the given logical size.</summary>
    public Frame(double width, double height, Rgb background)
    {
        if (!(width > 0 && height > 0)) throw new ArgumentOutOfRangeException(nameof(width), $"Frame size must be positive, got {width} x {height}");
        Width = width;
        Height = height;
        Background = background;
    }

    /// <summary>Logical width (the SVG's width in pixels).</summary>
    public double Width { get; }

    /// <summary>Logical height (the SVG's height in pixels).</summary>
    public double Height { get; }

    /// <summary>The colour under all shapes.</summary>
    public Rgb Background { get; }

    /// <summary>Adds a filled rectangle, optionally outlined.</summary>
    public Frame Rect(double x, double y, double width, double height, Rgb fill, Rgb? stroke = null, double strokeWidth = 1)
    {
        Shapes.Add(new RectShape(x, y, width, height, fill, stroke, strokeWidth));
        return this;
    }

    /// <summary>Adds a filled circle.</summary>
    public Frame Circle(double cx, double cy, double radius, Rgb fill)
    {
        Shapes.Add(new CircleShape(cx, cy, radius, fill));
        return this;
    }

    /// <summary>Adds a filled polygon through <paramref name="points"/>.</summary>
    public Frame Polygon(IReadOnlyList<(double X, double Y)> points, Rgb fill)
    {
        if (points.Count < 3) throw new ArgumentException("a polygon needs at least 3 points", nameof(points));
        Shapes.Add(new PolygonShape([.. points], fill));
        return this;
    }

    /// <summary>Adds a straight line of the given width.</summary>
    public Frame Line(double x1, double y1, double x2, double y2, Rgb color, double width = 1)
    {
        Shapes.Add(new LineShape(x1, y1, x2, y2, color, width));
        return this;
    }

    /// <summary>Adds text (drawn in SVG only; the RGB rasteriser skips text).</summary>
    public Frame Text(double x, double y, string text, double size, Rgb color)
    {
        Shapes.Add(new TextShape(x, y, text, size, color));
        return this;
    }

    /// <summary>The picture as a standalone SVG document (an <c>&lt;svg&gt;</c> element).</summary>
    public string ToSvg()
    {
        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{N(Width)}\" height=\"{N(Height)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\">");
        svg.Append($"<rect width=\"{N(Width)}\" height=\"{N(Height)}\" fill=\"{Background.Hex}\"/>");
        foreach (var shape in Shapes) svg.Append(shape.ToSvg());
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>The picture rasterised to <paramref name="width"/> x <paramref name="height"/> RGB pixels (scaled to fit).</summary>
    public RgbFrame ToRgb(int width, int height) => Rasterizer.Draw(this, width, height);

    /// <inheritdoc/>
    public string ToHtml() => new SvgImage(ToSvg()).ToHtml();

    /// <inheritdoc/>
    public override string ToString() => $"Frame {Width:0.#} x {Height:0.#} ({Shapes.Count} shapes; shown as SVG in a notebook)";

    /// <summary>The picture rasterised at its logical size.</summary>
    public RgbFrame ToRgb() => ToRgb((int)Math.Ceiling(Width), (int)Math.Ceiling(Height));

    internal static string N(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>An RGB image: <see cref="Pixels"/> holds <c>Height x Width x 3</c> bytes, row by row (NumPy's <c>(H, W, 3)</c> uint8 layout). Shown inline as a PNG.</summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed class RgbFrame : IHtmlDisplayable
{
    /// <summary>A black image of the given size.</summary>
    public RgbFrame(int width, int height)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size must be positive, got {width} x {height}");
        Width = width;
        Height = height;
        Pixels = new byte[width * height * 3];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The bytes, <c>(y * Width + x) * 3 + channel</c>.</summary>
    public byte[] Pixels { get; }

    /// <inheritdoc/>
    public string ToHtml() => new RgbImage(Pixels, Width, Height).ToHtml();

    /// <inheritdoc/>
    public override string ToString() => $"RgbFrame {Width} x {Height}";

    /// <summary>The colour at column <paramref name="x"/>, row <paramref name="y"/>.</summary>
    public Rgb this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 3;
            return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
        set
        {
            int i = (y * Width + x) * 3;
            Pixels[i] = value.R;
            Pixels[i + 1] = value.G;
            Pixels[i + 2] = value.B;
        }
    }
}

internal abstract record Shape
{
    public abstract string ToSvg();
}

internal sealed record RectShape(double X, double Y, double W, double H, Rgb Fill, Rgb? Stroke, double StrokeWidth) : Shape
{
    public override string ToSvg() =>
        $"<rect x=\"{Frame.N(X)}\" y=\"{Frame.N(Y)}\" width=\"{Frame.N(W)}\" height=\"{Frame.N(H)}\" fill=\"{Fill.Hex}\"" +
        (Stroke is Rgb s ? $" stroke=\"{s.Hex}\" stroke-width=\"{Frame.N(StrokeWidth)}\"" : "") + "/>";
}

internal sealed record CircleShape(double Cx, double Cy, double R, Rgb Fill) : Shape
{
    public override string ToSvg() => $"<circle cx=\"{Frame.N(Cx)}\" cy=\"{Frame.N(Cy)}\" r=\"{Frame.N(R)}\" fill=\"{Fill.Hex}\"/>";
}

internal sealed record PolygonShape((double X, double Y)[] Points, Rgb Fill) : Shape
{
    public override string ToSvg() =>
        $"<polygon points=\"{string.Join(" ", Points.Select(p => Frame.N(p.X) + "," + Frame.N(p.Y)))}\" fill=\"{Fill.Hex}\"/>";
}

internal sealed record LineShape(double X1, double Y1, double X2, double Y2, Rgb Color, double Width) : Shape
{
    public override string ToSvg() =>
        $"<line x1=\"{Frame.N(X1)}\" y1=\"{Frame.N(Y1)}\" x2=\"{Frame.N(X2)}\" y2=\"{Frame.N(Y2)}\" stroke=\"{Color.Hex}\" stroke-width=\"{Frame.N(Width)}\"/>";
}

internal sealed record TextShape(double X, double Y, string Content, double Size, Rgb Color) : Shape
{
    public override string ToSvg() =>
        $"<text x=\"{Frame.N(X)}\" y=\"{Frame.N(Y)}\" font-family=\"sans-serif\" font-size=\"{Frame.N(Size)}\" text-anchor=\"middle\" dominant-baseline=\"central\" fill=\"{Color.Hex}\">{System.Net.WebUtility.HtmlEncode(Content)}</text>";
}
