using System.Text.Json;

namespace CourseKit.Plots;

/// <summary>One data series of a <see cref="Chart"/> (a plotly.js trace). The chart keeps all of its data.</summary>
public abstract class Trace
{
    private protected Trace(string type, string? name, int skipped)
    {
        Type = type;
        Name = name;
        SkippedValues = skipped;
    }

    /// <summary>The plotly.js trace type, e.g. <c>scatter</c>, <c>bar</c>, <c>histogram</c>, <c>heatmap</c>.</summary>
    public string Type { get; }

    /// <summary>The legend entry, or null.</summary>
    public string? Name { get; }

    /// <summary>How many NaN or infinite values were dropped from the input.</summary>
    public int SkippedValues { get; }

    /// <summary>How many data points (cells, for a heatmap) the trace holds after cleaning.</summary>
    public abstract int Count { get; }

    internal int Panel { get; private set; }
    internal string? Color { get; set; }
    internal bool ShowLegend { get; set; } = true;
    internal string? LegendGroup { get; set; }

    internal string Label => Name is null ? Type : $"'{Name}'";

    internal Trace ForPanel(int panel)
    {
        var copy = (Trace)MemberwiseClone();
        copy.Panel = panel;
        return copy;
    }

    /// <summary>What the chart's subtitle should say about this trace: dropped values, emptiness, downsampling.</summary>
    internal virtual IEnumerable<string> Notes(int maxPoints)
    {
        if (SkippedValues > 0) yield return $"{Series.Count(SkippedValues)} NaN/∞ value{(SkippedValues == 1 ? "" : "s")} skipped in {Label}";
        if (Count == 0) yield return $"{Label} has no data";
    }

    internal void Write(Utf8JsonWriter w, int maxPoints)
    {
        w.WriteStartObject();
        w.WriteString("type", Type);
        if (Name is not null) w.WriteString("name", Name);
        if (Panel > 0)
        {
            w.WriteString("xaxis", "x" + (Panel + 1));
            w.WriteString("yaxis", "y" + (Panel + 1));
        }
        if (!ShowLegend) w.WriteBoolean("showlegend", false);
        if (LegendGroup is not null) w.WriteString("legendgroup", LegendGroup);
        WriteBody(w, maxPoints);
        w.WriteEndObject();
    }

    private protected abstract void WriteBody(Utf8JsonWriter w, int maxPoints);
}

/// <summary>How a line/scatter trace draws its points.</summary>
public enum TraceMode
{
    /// <summary>Points joined by a line.</summary>
    Lines,
    /// <summary>Unjoined markers.</summary>
    Markers,
    /// <summary>A line with a marker at every point.</summary>
    LinesAndMarkers,
}

/// <summary>A line or scatter series of (x, y) points: plotly.js's <c>scatter</c> trace.</summary>
public sealed class XYTrace : Trace
{
    private readonly double[]? _x;
    private readonly double[] _y;

    internal XYTrace(IEnumerable<double>? x, IEnumerable<double> y, string? name, TraceMode mode, string what)
        : this(Series.CleanXY(x, y, what), name, mode) { }

    private XYTrace((double[]? X, double[] Y, int Skipped) clean, string? name, TraceMode mode)
        : base("scatter", name, clean.Skipped)
    {
        _x = clean.X;
        _y = clean.Y;
        Mode = mode;
    }

    /// <summary>The x values kept (0, 1, 2, ... when none were given).</summary>
    public IReadOnlyList<double> X => _x ?? Enumerable.Range(0, _y.Length).Select(i => (double)i).ToArray();

    /// <summary>The y values kept: every finite input value, never downsampled.</summary>
    public IReadOnlyList<double> Y => _y;

    /// <summary>Lines, markers or both.</summary>
    public TraceMode Mode { get; }

    /// <inheritdoc/>
    public override int Count => _y.Length;

    internal double LineWidth { get; set; } = 2;
    internal double MarkerSize { get; set; } = 5;
    internal double? Opacity { get; set; }

    internal override IEnumerable<string> Notes(int maxPoints)
    {
        foreach (var n in base.Notes(maxPoints)) yield return n;
        if (Count > maxPoints)
            yield return $"{Label}: {Series.Count(Count)} points drawn as {Series.Count(Downsample.MinMaxIndexes(_y, maxPoints).Length)} (min/max per bucket)";
    }

    private protected override void WriteBody(Utf8JsonWriter w, int maxPoints)
    {
        w.WriteString("mode", Mode switch { TraceMode.Markers => "markers", TraceMode.LinesAndMarkers => "lines+markers", _ => "lines" });
        int[]? keep = Count > maxPoints ? Downsample.MinMaxIndexes(_y, maxPoints) : null;
        if (_x is not null) ChartJson.Numbers(w, "x", _x, keep);
        else if (keep is not null) ChartJson.Numbers(w, "x", keep.Select(i => (double)i).ToArray());
        ChartJson.Numbers(w, "y", _y, keep);
        if (Opacity is { } o) w.WriteNumber("opacity", o);
        if (Mode != TraceMode.Markers)
        {
            w.WriteStartObject("line");
            w.WriteNumber("width", LineWidth);
            if (Color is not null) w.WriteString("color", Color);
            w.WriteEndObject();
        }
        if (Mode != TraceMode.Lines)
        {
            w.WriteStartObject("marker");
            w.WriteNumber("size", MarkerSize);
            if (Color is not null) w.WriteString("color", Color);
            w.WriteEndObject();
        }
    }
}
