using System.Numerics;

namespace CourseKit.Plots;

/// <summary>
/// The course's ready-made plots: learning curves, comparisons of methods, Q-tables and value functions.
/// Each returns a value that displays itself inline in a notebook.
/// </summary>
public static partial class Plot
{
    // plotly.js's default colours, named so a band can share its mean line's colour.
    private static readonly (int R, int G, int B)[] Palette =
    [
        (31, 119, 180), (255, 127, 14), (44, 160, 44), (214, 39, 40), (148, 103, 189),
        (140, 86, 75), (227, 119, 194), (127, 127, 127), (188, 189, 34), (23, 190, 207),
    ];

    private static string Rgb((int R, int G, int B) c, double alpha = 1) =>
        alpha >= 1 ? $"rgb({c.R},{c.G},{c.B})" : $"rgba({c.R},{c.G},{c.B},{alpha.ToString(System.Globalization.CultureInfo.InvariantCulture)})";

    /// <summary>
    /// Episode returns as faint points plus their moving average over the last <paramref name="window"/>
    /// episodes, against the episode number (1, 2, 3, ...).
    /// </summary>
    public static Chart LearningCurve<T>(IEnumerable<T> returns, int window = 100, string title = "Learning curve", string valueName = "return")
        where T : INumberBase<T>
    {
        var y = Series.ToDoubles(returns);
        return LearningCurve(Enumerable.Range(1, y.Length).Select(i => (double)i).ToArray(), y, window, title, "episode", valueName);
    }

    /// <summary>
    /// Episode returns against the environment step at which each episode ended (how DQN logs them),
    /// as faint points plus their moving average over the last <paramref name="window"/> episodes.
    /// </summary>
    public static Chart LearningCurve<TX, T>(IEnumerable<TX> steps, IEnumerable<T> returns, int window = 100,
        string title = "Learning curve", string xTitle = "environment step", string valueName = "return")
        where TX : INumberBase<TX> where T : INumberBase<T>
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var x = Series.ToDoubles(steps);
        var y = Series.ToDoubles(returns);
        var raw = new XYTrace(x, y, valueName == "return" ? "episode return" : valueName, TraceMode.Markers, "LearningCurve returns")
        {
            Color = Rgb(Palette[0]), Opacity = 0.35, MarkerSize = 4,
        };
        var mean = new XYTrace(x, MovingAverage(y, window), $"mean of last {window}", TraceMode.Lines, "LearningCurve moving average")
        {
            Color = Rgb(Palette[0]), LineWidth = 2.5,
        };
        return new Chart().Add(raw).Add(mean).WithTitle(title).WithXAxis(xTitle).WithYAxis(valueName);
    }

    /// <summary>
    /// Trailing mean over the last <paramref name="window"/> entries, ignoring NaN/∞ (a diverged episode
    /// must not erase the curve); NaN where the window holds no finite value.
    /// </summary>
    internal static double[] MovingAverage(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        int finite = 0;
        for (int i = 0; i < values.Length; i++)
        {
            if (double.IsFinite(values[i])) { sum += values[i]; finite++; }
            if (i >= window && double.IsFinite(values[i - window])) { sum -= values[i - window]; finite--; }
            result[i] = finite > 0 ? sum / finite : double.NaN;
        }
        return result;
    }

    /// <summary>
    /// Several methods, each with several runs (seeds), as mean lines with shaded mean ± std bands,
    /// e.g. <c>Plot.Compare(("BC", bcRuns), ("DAgger", daggerRuns), ("expert", expertRuns))</c>.
    /// Each run is a sequence of values at iteration 1, 2, 3, ...; runs may differ in length.
    /// </summary>
    public static Chart Compare(params (string Name, IEnumerable<IEnumerable<double>> Runs)[] groups) => Compare(groups, x: null);

    /// <summary>
    /// Like <see cref="Compare(ValueTuple{string, IEnumerable{IEnumerable{double}}}[])"/> with explicit x values
    /// (one per point of the longest run) and titles.
    /// </summary>
    public static Chart Compare(IReadOnlyList<(string Name, IEnumerable<IEnumerable<double>> Runs)> groups, IReadOnlyList<double>? x = null,
        string title = "Comparison", string xTitle = "iteration", string yTitle = "return")
    {
        ArgumentNullException.ThrowIfNull(groups);
        if (groups.Count == 0) throw new ArgumentException("Compare needs at least one (name, runs) group.", nameof(groups));
        var chart = new Chart().WithTitle(title).WithXAxis(xTitle).WithYAxis(yTitle);
        bool ragged = false;
        for (int g = 0; g < groups.Count; g++)
        {
            var (name, runs) = groups[g];
            var arrays = (runs ?? throw new ArgumentNullException(nameof(groups), $"Compare: '{name}' has no runs (null).")).Select(r => r.ToArray()).ToArray();
            if (arrays.Length == 0) throw new ArgumentException($"Compare: '{name}' has no runs; give at least one sequence of values.", nameof(groups));
            int length = arrays.Max(r => r.Length);
            ragged |= arrays.Any(r => r.Length != length);
            if (x is not null && x.Count < length)
                throw new ArgumentException($"Compare: {x.Count} x values but the longest run of '{name}' has {length} points.", nameof(x));
            var xs = Enumerable.Range(0, length).Select(i => x?[i] ?? i + 1.0).ToArray();
            var (mean, std) = MeanAndStd(arrays, length);
            var colour = Palette[g % Palette.Length];

            if (arrays.Length > 1 && std.Any(s => s > 0))
            {
                var keep = Enumerable.Range(0, length).Where(i => double.IsFinite(mean[i])).ToArray();
                chart.Add(new BandTrace(keep.Select(i => xs[i]).ToArray(), keep.Select(i => mean[i] - std[i]).ToArray(),
                    keep.Select(i => mean[i] + std[i]).ToArray(), $"{name} ± std") { FillColor = Rgb(colour, 0.2), LegendGroup = name });
            }
            var label = arrays.Length > 1 ? $"{name} (mean of {arrays.Length})" : name;
            chart.Add(new XYTrace(xs, mean, label, TraceMode.Lines, $"Compare '{name}'") { Color = Rgb(colour), LegendGroup = name });
        }
        if (ragged) chart.WithNote("runs differ in length: later points average fewer runs");
        return chart;
    }

    /// <summary>Per-index mean and (population) standard deviation over the runs that have a finite value there.</summary>
    internal static (double[] Mean, double[] Std) MeanAndStd(double[][] runs, int length)
    {
        var mean = new double[length];
        var std = new double[length];
        for (int i = 0; i < length; i++)
        {
            var values = runs.Where(r => i < r.Length && double.IsFinite(r[i])).Select(r => r[i]).ToArray();
            if (values.Length == 0) { mean[i] = std[i] = double.NaN; continue; }
            double m = values.Average();
            mean[i] = m;
            std[i] = Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / values.Length);
        }
        return (mean, std);
    }
}
