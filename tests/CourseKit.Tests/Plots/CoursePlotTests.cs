using System.Text.Json;
using CourseKit.Plots;
using static CourseKit.Tests.Plots.ChartJsonTests;

namespace CourseKit.Tests.Plots;

public class CoursePlotTests
{
    [Fact]
    public void LearningCurveHasRawPointsAndATrailingMovingAverage()
    {
        var chart = Plot.LearningCurve(new[] { 1.0, 2.0, 3.0, 4.0, 5.0 }, window: 2);
        var data = Figure(chart).GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("markers", data[0].GetProperty("mode").GetString());
        Assert.Equal([1, 2, 3, 4, 5], Numbers(data[0].GetProperty("x")));
        Assert.Equal("mean of last 2", data[1].GetProperty("name").GetString());
        Assert.Equal([1, 1.5, 2.5, 3.5, 4.5], Numbers(data[1].GetProperty("y")));
        Assert.Equal("episode", Figure(chart).GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void MovingAverageIgnoresNaNReturnsInsteadOfPoisoningTheCurve()
    {
        Assert.Equal([2, 2, 4], Plot.MovingAverage([2, double.NaN, 4], 2));   // the window [NaN, 4] averages its finite value
        var chart = Plot.LearningCurve(new[] { 2.0, double.NaN, 4.0 }, window: 2);
        Assert.Contains("1 NaN/∞ value skipped in 'episode return'", chart.Notes);
        Assert.Equal(3, chart.Traces[1].Count);
    }

    [Fact]
    public void LearningCurveAgainstStepsChecksLengths()
    {
        var chart = Plot.LearningCurve(new[] { 200L, 450L }, new[] { 10f, 20f }, window: 10);
        Assert.Equal([200, 450], Numbers(Figure(chart).GetProperty("data")[0].GetProperty("x")));
        Assert.Throws<ArgumentException>(() => Plot.LearningCurve(new[] { 1, 2 }, new[] { 1.0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => Plot.LearningCurve(new[] { 1.0 }, window: 0));
    }

    [Fact]
    public void A100kEpisodeCurveKeepsItsDataAndSendsAFewThousandPoints()
    {
        var returns = Enumerable.Range(0, 100_000).Select(i => (double)(i % 500)).ToArray();
        var chart = Plot.LearningCurve(returns, window: 100);
        var data = Figure(chart).GetProperty("data");
        Assert.All(data.EnumerateArray(), t => Assert.InRange(t.GetProperty("y").GetArrayLength(), 100, 4000));
        Assert.Equal(100_000, ((XYTrace)chart.Traces[0]).Y.Count);
    }

    [Fact]
    public void CompareDrawsMeanLinesAndStdBandsPerMethod()
    {
        double[][] bc = [[1, 2, 3], [3, 4, 5]];
        double[][] dagger = [[2, 4, 6], [2, 4, 6]];
        double[][] expert = [[10, 10, 10]];
        var chart = Plot.Compare(("BC", bc), ("DAgger", dagger), ("expert", expert));
        var data = Figure(chart).GetProperty("data").EnumerateArray().ToArray();

        // BC: band + mean; DAgger: runs agree (std 0) so no band; expert: a single run, no band.
        Assert.Equal(4, data.Length);
        var band = data[0];
        Assert.Equal("toself", band.GetProperty("fill").GetString());
        Assert.False(band.GetProperty("showlegend").GetBoolean());
        Assert.Equal([1, 2, 3, 3, 2, 1], Numbers(band.GetProperty("x")));
        Assert.Equal([3, 4, 5, 3, 2, 1], Numbers(band.GetProperty("y")));      // mean 2,3,4 ± 1: upper forward, lower back
        Assert.Equal("BC (mean of 2)", data[1].GetProperty("name").GetString());
        Assert.Equal([2, 3, 4], Numbers(data[1].GetProperty("y")));
        Assert.Equal("rgb(31,119,180)", data[1].GetProperty("line").GetProperty("color").GetString());
        Assert.StartsWith("rgba(31,119,180,", band.GetProperty("fillcolor").GetString());
        Assert.Equal("expert", data[3].GetProperty("name").GetString());
    }

    [Fact]
    public void CompareAcceptsRaggedRunsAndSaysSo()
    {
        var chart = Plot.Compare(("A", new List<double[]> { new[] { 1.0, 2.0 }, new[] { 3.0 } }));
        var mean = Figure(chart).GetProperty("data").EnumerateArray().Last();
        Assert.Equal([2, 2], Numbers(mean.GetProperty("y")));
        Assert.Contains(chart.Notes, n => n.Contains("differ in length"));
        Assert.Throws<ArgumentException>(() => Plot.Compare(("empty", Array.Empty<double[]>())));
    }

    [Fact]
    public void SideBySideOfCoursePlotsKeepsEveryTrace()
    {
        var both = Chart.SideBySide(Plot.LearningCurve(new[] { 1.0, 2.0 }), Plot.Compare(("A", new[] { new[] { 1.0 } })));
        var data = Figure(both).GetProperty("data");
        Assert.Equal(3, data.GetArrayLength());
        Assert.Equal("x2", data[2].GetProperty("xaxis").GetString());
    }
}
