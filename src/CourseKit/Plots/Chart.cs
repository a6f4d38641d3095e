using System.Numerics;
using CourseKit.Display;

namespace CourseKit.Plots;

/// <summary>
/// A plotly.js chart built fluently and shown inline in a notebook:
/// <code>
/// Chart.Line(returns, name: "return").WithTitle("CartPole").WithXAxis("episode").WithYAxis("return")
/// </code>
/// Line, scatter, bar, histogram and heatmap traces; several traces per chart; <see cref="SideBySide"/>
/// panels. NaN and infinite values are skipped and reported in the subtitle; long series are
/// downsampled for display (<see cref="MaxDisplayPoints"/>) while <see cref="Traces"/> keep every point.
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed partial class Chart : IHtmlDisplayable
{
    internal sealed class Panel
    {
        public string? Title, XTitle, YTitle;
        public bool XLog, YLog, YReversed;
    }

    private readonly List<Trace> _traces = [];
    private readonly List<string> _notes = [];
    internal readonly List<Panel> Panels = [new()];

    /// <summary>The chart's title, or null.</summary>
    public string? Title { get; private set; }

    /// <summary>The traces in drawing order, with all of their (cleaned) data.</summary>
    public IReadOnlyList<Trace> Traces => _traces;

    /// <summary>Points per trace sent to the browser; longer traces are downsampled (default 4,000).</summary>
    public int MaxDisplayPoints { get; private set; } = 4000;

    /// <summary>Height in pixels (the width follows the notebook).</summary>
    public int Height { get; private set; } = 420;

    internal bool? ShowLegend { get; private set; }

    // ---- building -------------------------------------------------------------------------------

    /// <summary>A line through <paramref name="y"/> at x = 0, 1, 2, ...</summary>
    public static Chart Line<TY>(IEnumerable<TY> y, string? name = null) where TY : INumberBase<TY> => new Chart().AddLine(y, name);

    /// <summary>A line through the points (x[i], y[i]).</summary>
    public static Chart Line<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> => new Chart().AddLine(x, y, name);

    /// <summary>Markers at y = <paramref name="y"/>, x = 0, 1, 2, ...</summary>
    public static Chart Scatter<TY>(IEnumerable<TY> y, string? name = null) where TY : INumberBase<TY> => new Chart().AddScatter(y, name);

    /// <summary>Markers at the points (x[i], y[i]).</summary>
    public static Chart Scatter<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> => new Chart().AddScatter(x, y, name);

    /// <summary>One bar per category.</summary>
    public static Chart Bar<TY>(IEnumerable<string> categories, IEnumerable<TY> heights, string? name = null)
        where TY : INumberBase<TY> => new Chart().AddBar(categories, heights, name);

    /// <summary>Bars at x = 0, 1, 2, ...</summary>
    public static Chart Bar<TY>(IEnumerable<TY> heights, string? name = null) where TY : INumberBase<TY> => new Chart().AddBar(heights, name);

    /// <summary>A histogram of <paramref name="values"/>; plotly.js chooses the bins unless <paramref name="bins"/> is given.</summary>
    public static Chart Histogram<T>(IEnumerable<T> values, int? bins = null, string? name = null)
        where T : INumberBase<T> => new Chart().AddHistogram(values, bins, name);

    /// <summary>A matrix as coloured cells, row 0 at the top, with optional column and row labels.</summary>
    public static Chart Heatmap(double[,] z, IEnumerable<string>? columns = null, IEnumerable<string>? rows = null, string? name = null) =>
        new Chart().AddHeatmap(z, columns, rows, name);

    /// <summary>Adds a line through <paramref name="y"/> at x = 0, 1, 2, ...</summary>
    public Chart AddLine<TY>(IEnumerable<TY> y, string? name = null) where TY : INumberBase<TY> =>
        Add(new XYTrace(null, Series.ToDoubles(y), name, TraceMode.Lines, What("line", name)));

    /// <summary>Adds a line through the points (x[i], y[i]).</summary>
    public Chart AddLine<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        Add(new XYTrace(Series.ToDoubles(x), Series.ToDoubles(y), name, TraceMode.Lines, What("line", name)));

    /// <summary>Adds markers at y = <paramref name="y"/>, x = 0, 1, 2, ...</summary>
    public Chart AddScatter<TY>(IEnumerable<TY> y, string? name = null) where TY : INumberBase<TY> =>
        Add(new XYTrace(null, Series.ToDoubles(y), name, TraceMode.Markers, What("scatter", name)));

    /// <summary>Adds markers at the points (x[i], y[i]).</summary>
    public Chart AddScatter<TX, TY>(IEnumerable<TX> x, IEnumerable<TY> y, string? name = null)
        where TX : INumberBase<TX> where TY : INumberBase<TY> =>
        Add(new XYTrace(Series.ToDoubles(x), Series.ToDoubles(y), name, TraceMode.Markers, What("scatter", name)));

    /// <summary>Adds one bar per category.</summary>
    public Chart AddBar<TY>(IEnumerable<string> categories, IEnumerable<TY> heights, string? name = null) where TY : INumberBase<TY>
    {
        ArgumentNullException.ThrowIfNull(categories);
        return Add(new BarTrace(categories.ToArray(), null, Series.ToDoubles(heights), name, What("bar", name)));
    }

    /// <summary>Adds bars at x = 0, 1, 2, ...</summary>
    public Chart AddBar<TY>(IEnumerable<TY> heights, string? name = null) where TY : INumberBase<TY> =>
        Add(new BarTrace(null, null, Series.ToDoubles(heights), name, What("bar", name)));

    /// <summary>Adds a histogram of <paramref name="values"/> (NaN and infinite values are skipped).</summary>
    public Chart AddHistogram<T>(IEnumerable<T> values, int? bins = null, string? name = null) where T : INumberBase<T>
    {
        var (kept, skipped) = Series.CleanValues(Series.ToDoubles(values), What("histogram", name));
        return Add(new HistogramTrace(kept, bins, name, skipped));
    }

    /// <summary>Adds a heatmap of <paramref name="z"/>, row 0 at the top (NaN cells are left blank).</summary>
    public Chart AddHeatmap(double[,] z, IEnumerable<string>? columns = null, IEnumerable<string>? rows = null, string? name = null)
    {
        Panels[0].YReversed = true;
        return Add(new HeatmapTrace(z, columns, rows, name, What("heatmap", name)));
    }

    /// <summary>Draws every trace of <paramref name="other"/> on top of this chart's (first) panel.</summary>
    public Chart Add(Chart other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var t in other._traces) _traces.Add(t.ForPanel(0));
        return this;
    }

    internal Chart Add(Trace trace)
    {
        _traces.Add(trace);
        return this;
    }

    /// <summary>
    /// Panels next to each other in one figure, each keeping its own axes, axis titles and log scales;
    /// each chart's title becomes its panel's title. A series drawn in several panels under the same name
    /// and colour (e.g. the same methods of <see cref="Plot.Compare(ValueTuple{string, IEnumerable{IEnumerable{double}}}[])"/>
    /// in two panels) gets one legend entry, which shows or hides it in every panel.
    /// </summary>
    public static Chart SideBySide(params Chart[] charts)
    {
        ArgumentNullException.ThrowIfNull(charts);
        if (charts.Length == 0) throw new ArgumentException("SideBySide needs at least one chart.", nameof(charts));
        var combined = new Chart();
        combined.Panels.Clear();
        // Legend entries already shown, by name, with their colour: a later panel's series of the same name and
        // colour is the same thing drawn again, so it joins the first entry's group instead of repeating it.
        var shown = new Dictionary<string, Trace>(StringComparer.Ordinal);
        for (int i = 0; i < charts.Length; i++)
        {
            var c = charts[i];
            var p = c.Panels[0];
            combined.Panels.Add(new Panel { Title = c.Title, XTitle = p.XTitle, YTitle = p.YTitle, XLog = p.XLog, YLog = p.YLog, YReversed = p.YReversed });
            foreach (var t in c._traces)
            {
                var copy = t.ForPanel(i);
                if (copy is { ShowLegend: true, Name: { } name, Color: not null })
                {
                    if (shown.TryGetValue(name, out var first) && first.Color == copy.Color)
                    {
                        first.LegendGroup ??= name;
                        copy.LegendGroup = first.LegendGroup;
                        copy.ShowLegend = false;
                    }
                    else shown.TryAdd(name, copy);
                }
                combined._traces.Add(copy);
            }
            combined._notes.AddRange(c._notes);
            combined.MaxDisplayPoints = Math.Min(combined.MaxDisplayPoints, c.MaxDisplayPoints);
            combined.Height = Math.Max(combined.Height, c.Height);
        }
        return combined;
    }

    // ---- layout -----------------------------------------------------------------------------------

    /// <summary>Sets the title.</summary>
    public Chart WithTitle(string? title) { Title = title; return this; }

    /// <summary>Sets the x axis title of the first panel and whether it is logarithmic.</summary>
    public Chart WithXAxis(string? title, bool log = false) { Panels[0].XTitle = title; Panels[0].XLog = log; return this; }

    /// <summary>Sets the y axis title of the first panel and whether it is logarithmic.</summary>
    public Chart WithYAxis(string? title, bool log = false) { Panels[0].YTitle = title; Panels[0].YLog = log; return this; }

    /// <summary>Makes the x axis of every panel logarithmic (or linear again).</summary>
    public Chart WithLogX(bool log = true) { foreach (var p in Panels) p.XLog = log; return this; }

    /// <summary>Makes the y axis of every panel logarithmic (or linear again), e.g. for a loss.</summary>
    public Chart WithLogY(bool log = true) { foreach (var p in Panels) p.YLog = log; return this; }

    /// <summary>Shows or hides the legend (by default plotly.js shows it when there are several traces).</summary>
    public Chart WithLegend(bool show = true) { ShowLegend = show; return this; }

    /// <summary>Adds a remark to the subtitle (e.g. how runs were averaged).</summary>
    public Chart WithNote(string note) { _notes.Add(note); return this; }

    /// <summary>Sets the height in pixels.</summary>
    public Chart WithHeight(int pixels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixels, 100);
        Height = pixels;
        return this;
    }

    /// <summary>Sets how many points per trace are sent to the browser (at least 100; int.MaxValue for all).</summary>
    public Chart WithMaxDisplayPoints(int points)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 100);
        MaxDisplayPoints = points;
        return this;
    }

    private string What(string kind, string? name) => name is null ? $"Chart {kind} #{_traces.Count + 1}" : $"Chart {kind} '{name}'";

    // ---- output -----------------------------------------------------------------------------------

    /// <summary>What the subtitle reports: skipped NaN/∞ values, empty series, downsampling.</summary>
    public IReadOnlyList<string> Notes => _notes.Concat(_traces.SelectMany(t => t.Notes(MaxDisplayPoints))).ToArray();

    /// <summary>The plotly.js figure <c>{"data": [...], "layout": {...}, "config": {...}}</c> as drawn (downsampled).</summary>
    public string ToJson() => ChartFigure.Write(this);

    /// <summary>An HTML fragment (a div and a script) that draws the chart; see <see cref="PlotlyJs"/> for offline use.</summary>
    public string ToHtml() => ChartHtml.Fragment(this, embedWhenInline: true);

    /// <summary>Writes a standalone HTML page (atomically: a temporary file, then a rename).</summary>
    public void SaveHtml(string path) => AtomicFile.WriteAllText(path, ChartHtml.Page(this));

    /// <summary>A one-paragraph text summary (what a console or CI log shows).</summary>
    public override string ToString()
    {
        var parts = _traces.Select(t => $"{t.Type} {t.Name ?? "(unnamed)"} ({Series.Count(t.Count)} points)");
        var text = $"Chart{(Title is null ? "" : $" '{Title}'")}: {_traces.Count} trace{(_traces.Count == 1 ? "" : "s")}";
        if (_traces.Count > 0) text += ": " + string.Join(", ", parts);
        var notes = Notes;
        return notes.Count == 0 ? text : text + Environment.NewLine + "  note: " + string.Join("; ", notes);
    }
}
