using CourseKit.Plots;

namespace CourseKit.Tests.Plots;

/// <summary>Tests that switch <see cref="PlotlyJs"/>'s process-wide mode run alone.</summary>
[CollectionDefinition(nameof(PlotlyJsModeCollection), DisableParallelization = true)]
public sealed class PlotlyJsModeCollection;

[Collection(nameof(PlotlyJsModeCollection))]
public sealed class ChartHtmlTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("coursekit-html-").FullName;

    public ChartHtmlTests() => PlotlyJs.UseCdn();

    public void Dispose()
    {
        PlotlyJs.Reset();
        Directory.Delete(_dir, recursive: true);
    }

    private string FakePlotly()
    {
        var path = Path.Combine(_dir, "plotly.min.js");
        File.WriteAllText(path, "/* fake plotly */ self.Plotly = {};");
        return path;
    }

    [Fact]
    public void CdnModeLoadsPlotlyThroughRequireJsLikePlotlyNet()
    {
        var html = Chart.Line(new[] { 1.0, 2.0 }).ToHtml();
        Assert.Contains(PlotlyJs.CdnUrl, html);
        Assert.Contains(PlotlyJs.RequireJsUrl, html);
        Assert.Contains("requirejs.config", html);
        Assert.Contains("Plotly.newPlot", html);
        Assert.Matches("<div id=\"(coursekit-chart-[0-9a-f-]+)\" style=\"width:100%;height:420px\"></div>", html);
    }

    [Fact]
    public void EveryChartDrawsIntoItsOwnDiv()
    {
        var chart = Chart.Line(new[] { 1.0 });
        string Id(string html) => System.Text.RegularExpressions.Regex.Match(html, "id=\"(coursekit-chart-[^\"]+)\"").Groups[1].Value;
        Assert.NotEqual(Id(chart.ToHtml()), Id(chart.ToHtml()));
    }

    [Fact]
    public void HtmlOverheadIsSmallAndA100kPointCurveStaysCompact()
    {
        var y = Enumerable.Range(0, 100_000).Select(i => Math.Sin(i / 500.0) * 100 + i * 0.001).ToArray();
        var chart = Chart.Line(y, "returns");
        var html = chart.ToHtml();
        var json = chart.ToJson();
        Assert.True(html.Length - json.Length < 50_000, $"overhead {html.Length - json.Length} bytes");
        Assert.True(html.Length < 150_000, $"100k-point chart HTML is {html.Length} bytes");
    }

    [Fact]
    public void TraceNamesCannotEndTheScript()
    {
        var html = Chart.Line(new[] { 1.0 }, name: "</script><b>x").ToHtml();
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(html, "</script>"));
    }

    [Fact]
    public void FileModeReferencesTheLocalCopyByFileUrl()
    {
        var path = FakePlotly();
        PlotlyJs.UseFile(path);
        var html = Chart.Line(new[] { 1.0 }).ToHtml();
        Assert.Contains(new Uri(path).AbsoluteUri, html);
        Assert.DoesNotContain("cdn.plot.ly", html);
        Assert.DoesNotContain("fake plotly", html);
    }

    [Fact]
    public void InlineModeEmbedsPlotlyOncePerProcessAndAlwaysInSavedPages()
    {
        PlotlyJs.UseInline(FakePlotly());
        var first = Chart.Line(new[] { 1.0 }).ToHtml();
        var second = Chart.Line(new[] { 2.0 }).ToHtml();
        Assert.Contains("fake plotly", first);
        Assert.Contains("(function (define, module, exports)", first);
        Assert.DoesNotContain("fake plotly", second);
        Assert.Contains("embedded once per notebook", second);
        Assert.DoesNotContain("cdn.plot.ly", first + second);

        var page = Path.Combine(_dir, "out", "chart.html");
        Chart.Line(new[] { 3.0 }).SaveHtml(page);
        Assert.Contains("fake plotly", File.ReadAllText(page));

        PlotlyJs.ResetInline();
        Assert.Contains("fake plotly", Chart.Line(new[] { 1.0 }).ToHtml());
    }

    [Fact]
    public void EnvironmentVariableSelectsTheMode()
    {
        var path = FakePlotly();
        var before = Environment.GetEnvironmentVariable(PlotlyJs.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, path);
            PlotlyJs.Reset();
            Assert.Equal(PlotlyJsMode.File, PlotlyJs.Mode);
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, "inline:" + path);
            PlotlyJs.Reset();
            Assert.Equal(PlotlyJsMode.Inline, PlotlyJs.Mode);
            Assert.Equal(path, PlotlyJs.FilePath);
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, Path.Combine(_dir, "missing.js"));
            PlotlyJs.Reset();
            var e = Assert.Throws<FileNotFoundException>(() => PlotlyJs.Mode);
            Assert.Contains("COURSEKIT_PLOTLY", e.Message);
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, null);
            PlotlyJs.Reset();
            Assert.Equal(PlotlyJsMode.Cdn, PlotlyJs.Mode);
        }
        finally
        {
            Environment.SetEnvironmentVariable(PlotlyJs.EnvironmentVariable, before);
        }
    }

    [Fact]
    public void SaveHtmlWritesAStandalonePageAtomically()
    {
        var path = Path.Combine(_dir, "curve.html");
        File.WriteAllText(path, "old");
        Chart.Line(new[] { 1.0, 2.0 }).WithTitle("Curve").SaveHtml(path);
        var page = File.ReadAllText(path);
        Assert.StartsWith("<!DOCTYPE html>", page);
        Assert.Contains("<title>Curve</title>", page);
        Assert.Contains($"<script src=\"{PlotlyJs.CdnUrl}\"></script>", page);
        Assert.Single(Directory.GetFiles(_dir));
    }
}
