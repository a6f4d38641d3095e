using System.Text.Json;

namespace CourseKit.Plots;

/// <summary>A matrix drawn as coloured cells: plotly.js's <c>heatmap</c> trace. Row 0 is drawn at the top.</summary>
internal sealed class HeatmapTrace : Trace
{
    private readonly double[,] _z;
    private readonly string[]? _x;
    private readonly string[]? _y;

    public HeatmapTrace(double[,] z, IEnumerable<string>? x, IEnumerable<string>? y, string? name, string what)
        : base("heatmap", name, CountBad(z))
    {
        ArgumentNullException.ThrowIfNull(z, what);
        _z = (double[,])z.Clone();
        _x = x?.ToArray();
        _y = y?.ToArray();
        if (_x is not null && _x.Length != z.GetLength(1))
            throw new ArgumentException($"{what}: {_x.Length} column labels for a matrix with {z.GetLength(1)} columns.");
        if (_y is not null && _y.Length != z.GetLength(0))
            throw new ArgumentException($"{what}: {_y.Length} row labels for a matrix with {z.GetLength(0)} rows.");
    }

    public override int Count => _z.Length;

    /// <summary>Colour scale name (any plotly.js scale, e.g. Viridis, RdBu).</summary>
    public string ColorScale { get; init; } = "Viridis";

    private static int CountBad(double[,] z)
    {
        int bad = 0;
        foreach (var v in z) if (!double.IsFinite(v)) bad++;
        return bad;
    }

    internal override IEnumerable<string> Notes(int maxPoints)
    {
        // NaN cells are left blank rather than removed: a matrix cannot lose cells.
        if (SkippedValues > 0) yield return $"{Series.Count(SkippedValues)} NaN/∞ cell{(SkippedValues == 1 ? "" : "s")} left blank in {Label}";
        if (Count == 0) yield return $"{Label} has no data";
    }

    private protected override void WriteBody(Utf8JsonWriter w, int maxPoints)
    {
        w.WriteStartArray("z");
        for (int r = 0; r < _z.GetLength(0); r++)
        {
            w.WriteStartArray();
            for (int c = 0; c < _z.GetLength(1); c++) ChartJson.Number(w, _z[r, c]);
            w.WriteEndArray();
        }
        w.WriteEndArray();
        if (_x is not null) ChartJson.Strings(w, "x", _x);
        if (_y is not null) ChartJson.Strings(w, "y", _y);
        w.WriteString("colorscale", ColorScale);
    }
}
