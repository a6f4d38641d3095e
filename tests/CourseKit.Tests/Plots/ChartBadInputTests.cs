using System.Text.Json;
using CourseKit.Plots;
using static CourseKit.Tests.Plots.ChartJsonTests;

namespace CourseKit.Tests.Plots;

public class ChartBadInputTests
{
    [Fact]
    public void NaNAndInfinityAreSkippedKeepingXPositionsAndReportedInTheSubtitle()
    {
        var chart = Chart.Line(new[] { 1.0, double.NaN, 3.0, double.PositiveInfinity, 5.0 }, "returns").WithTitle("Run");
        var f = Figure(chart);
        var trace = f.GetProperty("data")[0];
        Assert.Equal([0, 2, 4], Numbers(trace.GetProperty("x")));
        Assert.Equal([1, 3, 5], Numbers(trace.GetProperty("y")));
        Assert.Equal(2, chart.Traces[0].SkippedValues);
        var title = f.GetProperty("layout").GetProperty("title").GetProperty("text").GetString();
        Assert.Equal("Run<br><sup>2 NaN/∞ values skipped in 'returns'</sup>", title);
        Assert.Contains("2 NaN/∞ values skipped", chart.ToString());
    }

    [Fact]
    public void NaNInXIsSkippedToo()
    {
        var chart = Chart.Scatter(new[] { double.NaN, 1.0 }, new[] { 1.0, 2.0 });
        Assert.Equal([1.0], ((XYTrace)chart.Traces[0]).X);
        Assert.Equal(1, chart.Traces[0].SkippedValues);
    }

    [Fact]
    public void EmptySeriesSayNoDataOnTheCanvasAndInTheSubtitle()
    {
        var chart = Chart.Line(Array.Empty<double>(), "returns");
        var layout = Figure(chart).GetProperty("layout");
        Assert.Contains("'returns' has no data", layout.GetProperty("title").GetProperty("text").GetString());
        Assert.Contains(layout.GetProperty("annotations").EnumerateArray(), a => a.GetProperty("text").GetString() == "No data to plot");

        var allNaN = Figure(Chart.Line(new[] { double.NaN }, "r")).GetProperty("layout");
        Assert.Contains("1 NaN/∞ value skipped in 'r'", allNaN.GetProperty("title").GetProperty("text").GetString());
        Assert.Contains("has no data", allNaN.GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void AChartWithoutTracesSaysSo()
    {
        var layout = Figure(new Chart()).GetProperty("layout");
        Assert.Contains(layout.GetProperty("annotations").EnumerateArray(), a => a.GetProperty("text").GetString()!.StartsWith("No data"));
    }

    [Fact]
    public void NullSeriesAreRejectedWithTheirName()
    {
        Assert.Throws<ArgumentNullException>(() => Chart.Line((double[])null!));
    }

    [Fact]
    public void LongSeriesAreDownsampledForDisplayButTheDataIsKept()
    {
        var rng = new Random(1);
        var y = Enumerable.Range(0, 100_000).Select(i => Math.Sqrt(i) + rng.NextDouble()).ToArray();
        y[54_321] = 10_000; // a spike must survive downsampling
        y[77_777] = -500;
        var chart = Chart.Line(y, "returns");

        var trace = Figure(chart).GetProperty("data")[0];
        var shownX = Numbers(trace.GetProperty("x"));
        var shownY = Numbers(trace.GetProperty("y"));
        Assert.InRange(shownY.Length, 1000, chart.MaxDisplayPoints);
        Assert.Equal(shownX.Length, shownY.Length);
        Assert.Contains(10_000, shownY);
        Assert.Contains(-500, shownY);
        Assert.Equal(0, shownX[0]);
        Assert.Equal(99_999, shownX[^1]);
        Assert.True(shownX.Zip(shownX.Skip(1)).All(p => p.First < p.Second), "downsampled x stays in order");
        Assert.Equal(100_000, ((XYTrace)chart.Traces[0]).Y.Count);
        Assert.Contains(chart.Notes, n => n.Contains("100,000 points drawn as"));
    }

    [Fact]
    public void DownsamplingCanBeWidened()
    {
        var chart = Chart.Line(Enumerable.Range(0, 10_000).Select(i => (double)i)).WithMaxDisplayPoints(int.MaxValue);
        Assert.Equal(10_000, Figure(chart).GetProperty("data")[0].GetProperty("y").GetArrayLength());
        Assert.Empty(chart.Notes);
    }
}
