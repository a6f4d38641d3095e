using System.Text.Json;

namespace CourseKit.Plots;

/// <summary>
/// A shaded band between a lower and an upper curve (mean ± std), drawn as one closed polygon:
/// forward along the upper curve, back along the lower one. One trace instead of two "tonexty"
/// traces keeps the band independent of trace order.
/// </summary>
internal sealed class BandTrace : Trace
{
    private readonly double[] _x, _lower, _upper;

    public BandTrace(double[] x, double[] lower, double[] upper, string? name) : base("scatter", name, 0)
    {
        _x = x;
        _lower = lower;
        _upper = upper;
        ShowLegend = false;
    }

    public override int Count => _x.Length;

    /// <summary>Fill colour, e.g. <c>rgba(31,119,180,0.2)</c>.</summary>
    public string FillColor { get; init; } = "rgba(0,0,0,0.15)";

    // An empty band is not worth a subtitle note: its mean line already reports emptiness.
    internal override IEnumerable<string> Notes(int maxPoints) => [];

    private protected override void WriteBody(Utf8JsonWriter w, int maxPoints)
    {
        // Downsample on the band's centre so both edges keep the same x positions.
        var centre = new double[_x.Length];
        for (int i = 0; i < centre.Length; i++) centre[i] = 0.5 * (_lower[i] + _upper[i]);
        var keep = Downsample.MinMaxIndexes(centre, maxPoints);
        var back = keep.Reverse().ToArray();
        w.WriteString("mode", "lines");
        w.WriteStartArray("x");
        foreach (var i in keep) ChartJson.Number(w, _x[i]);
        foreach (var i in back) ChartJson.Number(w, _x[i]);
        w.WriteEndArray();
        w.WriteStartArray("y");
        foreach (var i in keep) ChartJson.Number(w, _upper[i]);
        foreach (var i in back) ChartJson.Number(w, _lower[i]);
        w.WriteEndArray();
        w.WriteString("fill", "toself");
        w.WriteString("fillcolor", FillColor);
        w.WriteStartObject("line");
        w.WriteNumber("width", 0);
        w.WriteEndObject();
        w.WriteString("hoverinfo", "skip");
    }
}
