using System.Text.Json;
using CourseKit.Plots;

namespace CourseKit.Tests.Plots;

public class ChartJsonTests
{
    internal static JsonElement Figure(Chart chart) => JsonDocument.Parse(chart.ToJson()).RootElement;

    internal static double[] Numbers(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    [Fact]
    public void LineChartIsAPlotlyScatterTraceWithTitlesAndLogAxis()
    {
        var chart = Chart.Line(new[] { 1, 2, 3 }, new[] { 10.0, 100.0, 1000.0 }, name: "loss")
            .WithTitle("Training").WithXAxis("step").WithYAxis("loss", log: true);

        var f = Figure(chart);
        var trace = f.GetProperty("data")[0];
        Assert.Equal("scatter", trace.GetProperty("type").GetString());
        Assert.Equal("lines", trace.GetProperty("mode").GetString());
        Assert.Equal("loss", trace.GetProperty("name").GetString());
        Assert.Equal([1, 2, 3], Numbers(trace.GetProperty("x")));
        Assert.Equal([10, 100, 1000], Numbers(trace.GetProperty("y")));
        var layout = f.GetProperty("layout");
        Assert.Equal("Training", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("step", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis").GetProperty("type").GetString());
        Assert.False(layout.GetProperty("xaxis").TryGetProperty("type", out _));
        Assert.True(f.GetProperty("config").GetProperty("responsive").GetBoolean());
    }

    [Fact]
    public void ImplicitXIsOmittedAndFloatInputIsAccepted()
    {
        var trace = Figure(Chart.Line(new List<float> { 0.5f, 1.5f })).GetProperty("data")[0];
        Assert.False(trace.TryGetProperty("x", out _));
        Assert.Equal([0.5, 1.5], Numbers(trace.GetProperty("y")));
    }

    [Fact]
    public void SeveralTracesScatterBarHistogramAndLegend()
    {
        var chart = Chart.Line(new[] { 1.0, 2.0 }, "a").AddScatter(new[] { 2.0, 1.0 }, "b")
            .AddBar(["left", "right"], new[] { 3, 4 }, "c").AddHistogram(new[] { 1.0, 1.0, 2.0 }, bins: 2, name: "d")
            .WithLegend(false);
        var f = Figure(chart);
        var data = f.GetProperty("data");
        Assert.Equal(4, data.GetArrayLength());
        Assert.Equal("markers", data[1].GetProperty("mode").GetString());
        Assert.Equal("bar", data[2].GetProperty("type").GetString());
        Assert.Equal(["left", "right"], data[2].GetProperty("x").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("histogram", data[3].GetProperty("type").GetString());
        Assert.Equal(2, data[3].GetProperty("nbinsx").GetInt32());
        Assert.False(f.GetProperty("layout").GetProperty("showlegend").GetBoolean());
    }

    [Fact]
    public void LargeHistogramsAreBinnedBeforeSending()
    {
        var values = Enumerable.Range(0, 50_000).Select(i => (double)(i % 100)).ToArray();
        var chart = Chart.Histogram(values, bins: 10);
        var trace = Figure(chart).GetProperty("data")[0];
        Assert.Equal(10, trace.GetProperty("y").GetArrayLength());
        Assert.Equal(50_000, Numbers(trace.GetProperty("y")).Sum());
        Assert.Contains(chart.Notes, n => n.Contains("binned"));
    }

    [Fact]
    public void HeatmapWritesRowsTopDownWithLabelsAndBlankNaNCells()
    {
        var chart = Chart.Heatmap(new double[,] { { 1, double.NaN }, { 3, 4 } }, ["L", "R"], ["top", "bottom"]);
        var f = Figure(chart);
        var trace = f.GetProperty("data")[0];
        Assert.Equal("heatmap", trace.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.Null, trace.GetProperty("z")[0][1].ValueKind);
        Assert.Equal(3, trace.GetProperty("z")[1][0].GetDouble());
        Assert.Equal("reversed", f.GetProperty("layout").GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Contains("1 NaN/∞ cell left blank", f.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
        Assert.Throws<ArgumentException>(() => Chart.Heatmap(new double[2, 2], ["only one"]));
    }

    [Fact]
    public void SideBySidePanelsGetTheirOwnAxesAndTitles()
    {
        var left = Chart.Line(new[] { 1.0, 2.0 }, "return").WithTitle("Returns").WithXAxis("episode");
        var right = Chart.Line(new[] { 0.1, 0.01 }, "loss").WithTitle("Loss").WithYAxis("loss", log: true);
        var f = Figure(Chart.SideBySide(left, right).WithTitle("DQN"));

        var data = f.GetProperty("data");
        Assert.False(data[0].TryGetProperty("xaxis", out _));
        Assert.Equal("x2", data[1].GetProperty("xaxis").GetString());
        Assert.Equal("y2", data[1].GetProperty("yaxis").GetString());
        var layout = f.GetProperty("layout");
        Assert.Equal(2, layout.GetProperty("grid").GetProperty("columns").GetInt32());
        Assert.Equal("independent", layout.GetProperty("grid").GetProperty("pattern").GetString());
        Assert.Equal("episode", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("log", layout.GetProperty("yaxis2").GetProperty("type").GetString());
        var annotations = layout.GetProperty("annotations").EnumerateArray().ToArray();
        Assert.Contains(annotations, a => a.GetProperty("text").GetString() == "Loss" && a.GetProperty("xref").GetString() == "x2 domain");
    }

    [Fact]
    public void SideBySideShowsASeriesDrawnInTwoPanelsOnceInTheLegend()
    {
        var runs = new[] { new[] { 1.0, 2.0 }, new[] { 3.0, 4.0 } };
        Chart Panel(string title) => Plot.Compare(("DQN", runs), ("Double DQN", runs)).WithTitle(title);
        var data = Figure(Chart.SideBySide(Panel("return"), Panel("Q"))).GetProperty("data").EnumerateArray().ToArray();

        bool Shown(JsonElement t) => !t.TryGetProperty("showlegend", out var s) || s.GetBoolean();
        string? Name(JsonElement t) => t.TryGetProperty("name", out var n) ? n.GetString() : null;
        var inLegend = data.Where(Shown).Select(t => Name(t)!).ToArray();
        Assert.Equal(["DQN (mean of 2)", "Double DQN (mean of 2)"], inLegend);
        // The hidden copy in the second panel shares the first one's group, so one click toggles both panels.
        foreach (var name in inLegend)
        {
            var copies = data.Where(t => Name(t) == name).ToArray();
            Assert.Equal(2, copies.Length);
            Assert.Equal(copies[0].GetProperty("legendgroup").GetString(), copies[1].GetProperty("legendgroup").GetString());
            Assert.Equal("x2", copies[1].GetProperty("xaxis").GetString());
        }
    }

    [Fact]
    public void SideBySideKeepsSameNamedSeriesOfDifferentColoursApart()
    {
        var left = Chart.Line(new[] { 1.0, 2.0 }, "loss");
        var right = Chart.Line(new[] { 0.1, 0.01 }, "loss");
        var data = Figure(Chart.SideBySide(left, right)).GetProperty("data").EnumerateArray().ToArray();
        Assert.All(data, t => Assert.False(t.TryGetProperty("showlegend", out _)));
    }

    [Fact]
    public void TitlesAreEscapedForPlotlysHtmlSubset()
    {
        var f = Figure(Chart.Line(new[] { 1.0 }).WithTitle("<5 steps & more"));
        Assert.Equal("&lt;5 steps &amp; more", f.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void MismatchedLengthsGiveAMessageNamingTheTraceAndBothLengths()
    {
        var e = Assert.Throws<ArgumentException>(() => Chart.Line(new[] { 1, 2, 3 }, new[] { 1.0, 2.0, 3.0, 4.0 }, "returns"));
        Assert.Contains("'returns'", e.Message);
        Assert.Contains("x has 3 values but y has 4", e.Message);
        Assert.Throws<ArgumentException>(() => Chart.Bar(["a"], new[] { 1, 2 }));
    }
}
