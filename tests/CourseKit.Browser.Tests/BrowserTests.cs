using CourseKit.Display;
using CourseKit.Plots;

namespace CourseKit.Browser.Tests;

/// <summary>
/// What a student sees: CourseKit's HTML opened in headless Chromium, offline, with plotly.js from npm.
/// These tests fail (never skip) when Chromium or plotly.js is missing; `dotnet test --filter
/// Category!=Browser` leaves them out on a machine without a browser.
/// </summary>
[Trait("Category", "Browser")]
[Collection(nameof(BrowserCollection))]
public sealed class BrowserTests : IDisposable
{
    // Every test starts here: skip (or, in CI, fail) when Chromium or the offline plotly.js is missing.
    private static void Prepare() => PlotlyJs.UseFile(HeadlessChromium.LocalPlotly());

    public void Dispose() => PlotlyJs.Reset();

    private static void NoErrors(HeadlessChromium.Page page) =>
        Assert.True(page.Errors.Count == 0, "the page reported errors:\n" + string.Join("\n", page.Errors));

    [SkippableFact]
    public void ALearningCurveBesideABarChartDrawsEveryTraceOffline()
    {
        Prepare();
        var returns = Enumerable.Range(0, 300).Select(i => i == 7 ? double.NaN : Math.Sqrt(i)).ToArray();
        var chart = Chart.SideBySide(
            Plot.LearningCurve(returns, window: 20),
            Chart.Bar(["BC", "DAgger", "expert"], new[] { 310.0, 920, 1000 }, "return").WithTitle("Final return"));

        var page = HeadlessChromium.Load(chart.ToHtml());

        NoErrors(page);
        Assert.Contains("class=\"main-svg\"", page.Dom);
        Assert.Equal(2, page.Count("<g class=\"trace scatter"));   // raw returns and the moving average
        Assert.Equal(1, page.Count("<g class=\"trace bars"));
        Assert.Contains("1 NaN/∞ value skipped", page.Dom);         // the subtitle reached the canvas
        Assert.Contains(">Final return<", page.Dom);
        Assert.DoesNotContain("class=\"coursekit-error\"", page.Dom);   // no failure message
    }

    [SkippableFact]
    public void HeatmapsDrawAsPlotlyTracesAndAsStaticSvg()
    {
        Prepare();
        var q = new double[16, 4];
        for (int s = 0; s < 16; s++) q[s, 2] = (s + 1) / 16.0;   // RIGHT is best everywhere
        var qTable = Plot.QTableHeatmap(q, ["SFFF", "FHFH", "FFFH", "HFFG"]);
        var heatmap = Chart.Heatmap(new double[,] { { 1, 2 }, { 3, double.NaN } }, ["LEFT", "RIGHT"], ["s0", "s1"]).WithTitle("Q");

        var page = HeadlessChromium.Load(Formatting.ToHtml(qTable) + heatmap.ToHtml());

        NoErrors(page);
        Assert.Equal(1, page.Count("<g class=\"hm\""));
        Assert.Equal(11, page.Count("<g class=\"arrow\""));   // 16 cells - 4 holes - goal
        Assert.Equal(4, page.Count("class=\"hole\""));
    }

    [SkippableFact]
    public void AnEpisodeAnimationPlaysToItsLastFrame()
    {
        Prepare();
        var frames = Enumerable.Range(0, 10).Select(i => $"<svg width=\"100\" height=\"20\"><rect class=\"cart\" x=\"{i * 9}\" y=\"2\" width=\"10\" height=\"16\"/></svg>");
        var rgb = Enumerable.Range(0, 3).Select(k => Enumerable.Repeat((byte)(k * 80), 6 * 4 * 3).ToArray());
        var svgAnimation = EpisodeAnimation.FromSvg(frames, fps: 50, title: "slide").WithCaptions(Enumerable.Range(0, 10).Select(i => $"step {i}"));
        var pngAnimation = EpisodeAnimation.FromRgb(rgb, width: 6, height: 4, fps: 50);

        var page = HeadlessChromium.Load(svgAnimation.ToHtml() + pngAnimation.ToHtml());

        NoErrors(page);
        Assert.Contains("data-frame=\"9\"", page.Dom);
        Assert.Contains(">10 / 10<", page.Dom);
        Assert.Contains("x=\"81\"", page.Dom);                      // the last frame is on the stage
        Assert.Contains(">step 9<", page.Dom);
        Assert.Contains("data-frame=\"2\"", page.Dom);              // the PNG player reached its last frame too
        Assert.Contains(">3 / 3<", page.Dom);
    }

    [SkippableFact]
    public void InlinePlotlyDrawsWithoutAnyFileOrNetwork()
    {
        Prepare();
        PlotlyJs.UseInline(PlotlyJs.FindLocalCopy());
        var first = Chart.Line(new[] { 1.0, 3.0, 2.0 }, "a").ToHtml();
        var second = Chart.Scatter(new[] { 2.0, 1.0 }, "b").ToHtml();   // reuses the copy embedded by the first

        // An AMD loader on the page (Jupyter has one) would swallow plotly's UMD registration
        // unless the embed hides it; this stand-in define() keeps what it is given and does nothing.
        const string amd = "<script>window.define = function () {}; window.define.amd = {};</script>";
        var page = HeadlessChromium.Load(first + second, head: amd);

        NoErrors(page);
        Assert.Equal(2, page.Count("<g class=\"trace scatter"));
    }

    [SkippableFact]
    public void TheErrorProbeReportsScriptErrors()
    {
        Prepare();
        // Proves the "no errors" assertions above can fail.
        var page = HeadlessChromium.Load("<script>console.error('bad'); null.x;</script>");
        Assert.Contains(page.Errors, e => e.Contains("console.error: bad"));
        Assert.Contains(page.Errors, e => e.StartsWith("error: ") && e.Contains("null"));
    }

    [SkippableFact]
    public void WithoutNetworkACdnChartSaysWhyInsteadOfStayingBlank()
    {
        Prepare();
        PlotlyJs.UseCdn();
        var page = HeadlessChromium.Load(Chart.Line(new[] { 1.0, 2.0 }).ToHtml(), offline: true);
        Assert.Contains("<pre class=\"coursekit-error\"", page.Dom);
        Assert.Contains("CourseKit chart: could not load", page.Dom);
        Assert.Contains("COURSEKIT_PLOTLY", page.Dom);
        Assert.Equal(0, page.Count("<g class=\"trace scatter"));
    }
}

[CollectionDefinition(nameof(BrowserCollection), DisableParallelization = true)]
public sealed class BrowserCollection;
