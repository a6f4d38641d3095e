using System.Text;
using System.Text.Json;

namespace CourseKit.Plots;

/// <summary>Writes a <see cref="Chart"/> as a plotly.js figure: data, layout and config.</summary>
internal static class ChartFigure
{
    public static string Write(Chart chart)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ChartJson.ScriptSafe.Encoder }))
        {
            w.WriteStartObject();
            w.WriteStartArray("data");
            foreach (var t in chart.Traces) t.Write(w, chart.MaxDisplayPoints);
            w.WriteEndArray();
            WriteLayout(w, chart);
            w.WriteStartObject("config");
            w.WriteBoolean("responsive", true);
            w.WriteBoolean("displaylogo", false);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteLayout(Utf8JsonWriter w, Chart chart)
    {
        var notes = chart.Notes;
        var panels = chart.Panels;
        w.WriteStartObject("layout");

        // The subtitle carries the notes, so skipped values can never go unnoticed.
        var title = chart.Title is null ? "" : Escape(chart.Title);
        if (notes.Count > 0) title += (title.Length > 0 ? "<br>" : "") + "<sup>" + Escape(string.Join(" · ", notes)) + "</sup>";
        if (title.Length > 0) ChartJson.Title(w, "title", title);
        w.WriteNumber("height", chart.Height);
        w.WriteStartObject("margin");
        w.WriteNumber("t", title.Length == 0 ? 30 : notes.Count > 0 && chart.Title is not null ? 90 : 60);
        w.WriteNumber("l", 60);
        w.WriteNumber("r", 20);
        w.WriteNumber("b", 50);
        w.WriteEndObject();
        if (chart.ShowLegend is { } show) w.WriteBoolean("showlegend", show);

        for (int i = 0; i < panels.Count; i++)
        {
            var suffix = i == 0 ? "" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            WriteAxis(w, "xaxis" + suffix, panels[i].XTitle, panels[i].XLog, reversed: false);
            WriteAxis(w, "yaxis" + suffix, panels[i].YTitle, panels[i].YLog, panels[i].YReversed);
        }
        if (panels.Count > 1)
        {
            w.WriteStartObject("grid");
            w.WriteNumber("rows", 1);
            w.WriteNumber("columns", panels.Count);
            w.WriteString("pattern", "independent");
            w.WriteEndObject();
        }

        w.WriteStartArray("annotations");
        for (int i = 0; i < panels.Count; i++)
        {
            if (panels.Count == 1 || panels[i].Title is not { } panelTitle) continue;
            var axis = i == 0 ? "" : (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Annotation(w, Escape(panelTitle), "x" + axis + " domain", "y" + axis + " domain", 0.5, 1.0, "bottom");
        }
        // An empty chart says so on the canvas, not only in a console.
        if (chart.Traces.All(t => t.Count == 0))
            Annotation(w, chart.Traces.Count == 0 ? "No data: the chart has no traces" : "No data to plot", "paper", "paper", 0.5, 0.5, "middle");
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteAxis(Utf8JsonWriter w, string name, string? title, bool log, bool reversed)
    {
        w.WriteStartObject(name);
        if (title is not null) ChartJson.Title(w, "title", Escape(title));
        if (log) w.WriteString("type", "log");
        if (reversed) w.WriteString("autorange", "reversed");
        w.WriteEndObject();
    }

    private static void Annotation(Utf8JsonWriter w, string text, string xref, string yref, double x, double y, string yanchor)
    {
        w.WriteStartObject();
        w.WriteString("text", text);
        w.WriteString("xref", xref);
        w.WriteString("yref", yref);
        w.WriteNumber("x", x);
        w.WriteNumber("y", y);
        w.WriteString("xanchor", "center");
        w.WriteString("yanchor", yanchor);
        w.WriteBoolean("showarrow", false);
        w.WriteEndObject();
    }

    // plotly.js reads a small HTML subset in titles; a student's "<5 steps" must stay text.
    private static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
