using System.Text.Json;

namespace CourseKit.Plots;

/// <summary>Bars over categories or numbers: plotly.js's <c>bar</c> trace.</summary>
internal sealed class BarTrace : Trace
{
    private readonly string[]? _categories;
    private readonly double[]? _x;
    private readonly double[] _y;
    private readonly double? _width;

    public BarTrace(IReadOnlyList<string>? categories, double[]? x, double[] y, string? name, string what, double? width = null)
        : base("bar", name, CountBad(y, x))
    {
        int n = categories?.Count ?? x?.Length ?? y.Length;
        if (n != y.Length)
            throw new ArgumentException($"{what}: {n} {(categories is null ? "x values" : "categories")} but {y.Length} heights; a bar chart needs one height per bar.");
        var keep = Enumerable.Range(0, y.Length).Where(i => double.IsFinite(y[i]) && (x is null || double.IsFinite(x[i]))).ToArray();
        _categories = categories is null ? null : keep.Select(i => categories[i]).ToArray();
        _x = x is null ? null : keep.Select(i => x[i]).ToArray();
        _y = keep.Select(i => y[i]).ToArray();
        _width = width;
    }

    public override int Count => _y.Length;

    private static int CountBad(double[] y, double[]? x) =>
        y.Where((v, i) => !double.IsFinite(v) || (x is not null && i < x.Length && !double.IsFinite(x[i]))).Count();

    private protected override void WriteBody(Utf8JsonWriter w, int maxPoints)
    {
        if (_categories is not null) ChartJson.Strings(w, "x", _categories);
        else if (_x is not null) ChartJson.Numbers(w, "x", _x);
        ChartJson.Numbers(w, "y", _y);
        if (_width is { } width) w.WriteNumber("width", width);
        if (Color is not null)
        {
            w.WriteStartObject("marker");
            w.WriteString("color", Color);
            w.WriteEndObject();
        }
    }
}

/// <summary>
/// A histogram: plotly.js's <c>histogram</c> trace for up to <see cref="RawLimit"/> values; beyond that
/// the counts are binned here and sent as bars, because a million raw values is megabytes of JSON.
/// </summary>
internal sealed class HistogramTrace : Trace
{
    public const int RawLimit = 20_000;
    private readonly double[] _values;
    private readonly int? _bins;

    public HistogramTrace(double[] values, int? bins, string? name, int skipped) : base("histogram", name, skipped)
    {
        if (bins is <= 0) throw new ArgumentOutOfRangeException(nameof(bins), bins, "A histogram needs at least one bin.");
        _values = values;
        _bins = bins;
    }

    public override int Count => _values.Length;

    internal override IEnumerable<string> Notes(int maxPoints)
    {
        foreach (var n in base.Notes(maxPoints)) yield return n;
        if (Count > RawLimit) yield return $"{Label}: {Series.Count(Count)} values binned before drawing";
    }

    private protected override void WriteBody(Utf8JsonWriter w, int maxPoints)
    {
        if (Count <= RawLimit)
        {
            ChartJson.Numbers(w, "x", _values);
            if (_bins is { } b) w.WriteNumber("nbinsx", b);
        }
        else
        {
            var (centers, counts, width) = Bin(_values, _bins ?? 50);
            ChartJson.Numbers(w, "x", centers);
            ChartJson.Numbers(w, "y", counts);
            w.WriteString("histfunc", "sum");
            w.WriteStartObject("xbins");
            w.WriteNumber("size", width);
            w.WriteEndObject();
        }
        if (Color is not null)
        {
            w.WriteStartObject("marker");
            w.WriteString("color", Color);
            w.WriteEndObject();
        }
    }

    /// <summary>Equal-width bins over [min, max]; the max value falls in the last bin.</summary>
    internal static (double[] Centers, double[] Counts, double Width) Bin(double[] values, int bins)
    {
        double lo = values.Min(), hi = values.Max();
        double width = hi > lo ? (hi - lo) / bins : 1;
        var counts = new double[bins];
        foreach (var v in values) counts[Math.Min(bins - 1, (int)((v - lo) / width))]++;
        var centers = Enumerable.Range(0, bins).Select(i => lo + (i + 0.5) * width).ToArray();
        return (centers, counts, width);
    }
}
