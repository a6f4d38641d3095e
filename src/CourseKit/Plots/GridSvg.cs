using System.Text;
using CourseKit.Display;

namespace CourseKit.Plots;

/// <summary>
/// Draws a grid world (FrozenLake-style map) as SVG: each cell coloured by a value, holes and goal
/// marked, policy arrows on top, and a colour bar. Plain SVG, no script, so it renders anywhere.
/// </summary>
internal static class GridSvg
{
    public const int Cell = 64;
    private const int Margin = 10, TitleHeight = 26, BarHeight = 40;

    /// <summary>FrozenLake's action order: 0 = LEFT, 1 = DOWN, 2 = RIGHT, 3 = UP.</summary>
    public static readonly string[] ActionNames = ["LEFT", "DOWN", "RIGHT", "UP"];
    private static readonly int[] Rotation = [180, 90, 0, 270];
    private static readonly string[] Glyph = ["←", "↓", "→", "↑"];

    // kinds: map letter per state (S, F, H, G; '.' for a plain grid), row-major; values: NaN for none;
    // arrows: the actions drawn per state (several when they tie).
    public static SvgImage Render(string title, int rows, int cols, char[] kinds, double[] values, int[][] arrows, string valueName)
    {
        var scored = Enumerable.Range(0, values.Length).Where(s => !IsTerminal(kinds[s]) && double.IsFinite(values[s])).Select(s => values[s]).ToArray();
        double lo = scored.Length > 0 ? scored.Min() : 0, hi = scored.Length > 0 ? scored.Max() : 1;
        int gridWidth = cols * Cell, width = Math.Max(gridWidth, 240) + 2 * Margin;
        int height = TitleHeight + rows * Cell + BarHeight + 2 * Margin;
        int left = (width - gridWidth) / 2, top = Margin + TitleHeight;
        var gradient = Html.NewId("coursekit-viridis");

        var svg = new StringBuilder();
        svg.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"coursekit-grid\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"sans-serif\">");
        svg.Append($"<title>{Html.Escape(title)}</title>");
        svg.Append($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/>");
        svg.Append($"<text x=\"{width / 2}\" y=\"{Margin + 16}\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\">{Html.Escape(title)}</text>");

        for (int s = 0; s < kinds.Length; s++)
        {
            int x = left + s % cols * Cell, y = top + s / cols * Cell;
            char kind = kinds[s];
            svg.Append($"<g class=\"cell\" data-state=\"{s}\" data-kind=\"{kind}\">");
            if (kind == 'H')
            {
                svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"#d8e6f0\" stroke=\"#fff\"/>");
                svg.Append($"<ellipse class=\"hole\" cx=\"{x + Cell / 2}\" cy=\"{y + Cell / 2}\" rx=\"{Cell * 0.36}\" ry=\"{Cell * 0.3}\" fill=\"#1b2433\"/>");
                svg.Append(Label(x + Cell / 2, y + Cell / 2 + 5, "H", "#fff", 14));
            }
            else if (kind == 'G')
            {
                svg.Append($"<rect class=\"goal\" x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"#f2b705\" stroke=\"#fff\"/>");
                svg.Append(Label(x + Cell / 2, y + Cell / 2 + 6, "G", "#222", 18));
            }
            else
            {
                var colour = double.IsFinite(values[s]) ? Colormap.ViridisRgb(hi > lo ? (values[s] - lo) / (hi - lo) : 0.5) : (220, 220, 220);
                var ink = Colormap.TextOn(colour);
                svg.Append($"<rect x=\"{x}\" y=\"{y}\" width=\"{Cell}\" height=\"{Cell}\" fill=\"{Colormap.Hex(colour)}\" stroke=\"#fff\"/>");
                if (kind == 'S') svg.Append($"<text x=\"{x + 4}\" y=\"{y + 13}\" font-size=\"11\" font-weight=\"bold\" fill=\"{ink}\">S</text>");
                if (double.IsFinite(values[s])) svg.Append(Label(x + Cell / 2, y + Cell - 6, Html.Num(values[s], "0.00"), ink, 11, "value"));
                AppendArrows(svg, s, x + Cell / 2, y + Cell / 2 - 4, arrows[s], ink);
            }
            svg.Append("</g>");
        }

        AppendColourBar(svg, gradient, left, top + rows * Cell + 10, gridWidth, lo, hi, valueName);
        svg.Append("</svg>");
        return new SvgImage(svg.ToString(), Text(title, rows, cols, kinds, arrows));
    }

    public static bool IsTerminal(char kind) => kind is 'H' or 'G';

    private static void AppendArrows(StringBuilder svg, int state, int cx, int cy, int[] actions, string ink)
    {
        // One arrow sits centred; tied actions each point outwards from the centre.
        string shape = actions.Length == 1 ? "M-13,-3 L3,-3 L3,-9 L14,0 L3,9 L3,3 L-13,3 Z" : "M3,-2.5 L12,-2.5 L12,-7 L20,0 L12,7 L12,2.5 L3,2.5 Z";
        foreach (var a in actions)
            svg.Append($"<g class=\"arrow\" data-state=\"{state}\" data-action=\"{a}\" transform=\"translate({cx},{cy}) rotate({Rotation[a]})\">")
               .Append($"<title>{ActionNames[a]}</title><path d=\"{shape}\" fill=\"{ink}\"/></g>");
    }

    private static void AppendColourBar(StringBuilder svg, string id, int x, int y, int width, double lo, double hi, string valueName)
    {
        svg.Append($"<defs><linearGradient id=\"{id}\">");
        for (int i = 0; i <= 8; i++) svg.Append($"<stop offset=\"{i * 12.5}%\" stop-color=\"{Colormap.Viridis(i / 8.0)}\"/>");
        svg.Append("</linearGradient></defs>");
        svg.Append($"<rect class=\"colour-bar\" x=\"{x}\" y=\"{y}\" width=\"{width}\" height=\"10\" fill=\"url(#{id})\"/>");
        svg.Append($"<text x=\"{x}\" y=\"{y + 24}\" font-size=\"11\" fill=\"#333\">{Html.Num(lo, "0.00")}</text>");
        svg.Append($"<text x=\"{x + width / 2}\" y=\"{y + 24}\" font-size=\"11\" fill=\"#333\" text-anchor=\"middle\">{Html.Escape(valueName)}</text>");
        svg.Append($"<text x=\"{x + width}\" y=\"{y + 24}\" font-size=\"11\" fill=\"#333\" text-anchor=\"end\">{Html.Num(hi, "0.00")}</text>");
    }

    private static string Label(int x, int y, string text, string fill, int size, string? cssClass = null) =>
        $"<text{(cssClass is null ? "" : $" class=\"{cssClass}\"")} x=\"{x}\" y=\"{y}\" text-anchor=\"middle\" font-size=\"{size}\" fill=\"{fill}\">{Html.Escape(text)}</text>";

    /// <summary>The policy as text for consoles and CI logs: one arrow per cell, H and G for holes and goal.</summary>
    private static string Text(string title, int rows, int cols, char[] kinds, int[][] arrows)
    {
        var sb = new StringBuilder(title).Append($" ({rows}x{cols}; H hole, G goal, · no preference)");
        for (int s = 0; s < kinds.Length; s++)
        {
            if (s % cols == 0) sb.AppendLine();
            else sb.Append(' ');
            sb.Append(IsTerminal(kinds[s]) ? kinds[s].ToString() : arrows[s].Length == 0 ? "·" : Glyph[arrows[s][0]]);
        }
        return sb.ToString();
    }
}
