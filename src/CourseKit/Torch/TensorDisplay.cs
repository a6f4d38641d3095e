using System.Globalization;
using System.Text;
using CourseKit.Display;

namespace CourseKit.Torch;

public static partial class torch
{
    /// <remarks>
    /// In a notebook a tensor shows its dtype, shape and a compact table of values (edges only for
    /// large tensors); as text, a header line plus PyTorch's own printout.
    /// </remarks>
    [TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
    public partial class Tensor : IHtmlDisplayable, IPlainTextDisplayable
    {
        // Explicit implementations keep TorchSharp's method list unchanged for students.
        string IHtmlDisplayable.ToHtml() => TensorDisplay.Html(this);

        string IPlainTextDisplayable.ToPlainText() => TensorDisplay.Header(this) + Environment.NewLine + (IsDisposed ? "" : str());
    }
}

/// <summary>How a tensor looks in a notebook.</summary>
internal static class TensorDisplay
{
    private const int Edge = 6; // values shown at each end of a long dimension

    public static string Header(torch.Tensor t)
    {
        if (t.IsDisposed) return "Tensor (disposed)";
        var sb = new StringBuilder("Tensor ").Append(t.dtype.Name()).Append(' ').Append(Shape.Format(t._shape));
        if (t.grad_fn is { } fn) sb.Append(", grad_fn=").Append(fn);
        else if (t.requires_grad) sb.Append(", requires_grad");
        return sb.ToString();
    }

    public static string Html(torch.Tensor t)
    {
        var sb = new StringBuilder("<div class=\"coursekit-tensor\" style=\"font-family:monospace;font-size:12px\">");
        sb.Append("<div style=\"margin-bottom:2px\"><b>").Append(Display.Html.Escape(Header(t))).Append("</b></div>");
        if (!t.IsDisposed)
        {
            var shape = t._shape;
            if (shape.Length == 0) sb.Append("<div>").Append(Value(t, 0)).Append("</div>");
            else if (shape.Length <= 2 && t._numel > 0) Table(sb, t, rows: shape.Length == 1 ? 1 : (int)shape[0], cols: (int)shape[^1]);
            else sb.Append("<pre style=\"margin:0\">").Append(Display.Html.Escape(t.str(threshold: 200))).Append("</pre>");
        }
        return sb.Append("</div>").ToString();
    }

    private static void Table(StringBuilder sb, torch.Tensor t, int rows, int cols)
    {
        const string cell = "padding:1px 6px;text-align:right;border:1px solid #ddd";
        const string head = "padding:1px 6px;text-align:right;color:#888;border:1px solid #ddd";
        sb.Append("<table style=\"border-collapse:collapse\"><tr><th style=\"").Append(head).Append("\"></th>");
        foreach (var c in Shown(cols)) sb.Append("<th style=\"").Append(head).Append("\">").Append(c < 0 ? "…" : c).Append("</th>");
        sb.Append("</tr>");
        foreach (var r in Shown(rows))
        {
            sb.Append("<tr><th style=\"").Append(head).Append("\">").Append(r < 0 ? "…" : r).Append("</th>");
            foreach (var c in Shown(cols))
                sb.Append("<td style=\"").Append(cell).Append("\">").Append(r < 0 || c < 0 ? "…" : Value(t, r * cols + c)).Append("</td>");
            sb.Append("</tr>");
        }
        sb.Append("</table>");
    }

    /// <summary>Indexes to show along a dimension; -1 marks the elided middle.</summary>
    private static IEnumerable<int> Shown(int n) =>
        n <= 2 * Edge ? Enumerable.Range(0, n) : Enumerable.Range(0, Edge).Append(-1).Concat(Enumerable.Range(n - Edge, Edge));

    private static string Value(torch.Tensor t, int i)
    {
        double v = t.ReadAsDouble(i);
        return t.dtype switch
        {
            ScalarType.Bool => v != 0 ? "True" : "False",
            ScalarType.Int64 => ((long)v).ToString(CultureInfo.InvariantCulture),
            _ => double.IsNaN(v) ? "nan" : double.IsInfinity(v) ? (v > 0 ? "inf" : "-inf")
                : v != 0 && (Math.Abs(v) >= 1e5 || Math.Abs(v) < 1e-4) ? v.ToString("0.###e+0", CultureInfo.InvariantCulture)
                : v.ToString("0.####", CultureInfo.InvariantCulture),
        };
    }
}
