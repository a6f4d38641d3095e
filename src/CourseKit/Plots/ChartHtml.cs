using System.Text;
using System.Text.RegularExpressions;
using CourseKit.Display;

namespace CourseKit.Plots;

/// <summary>
/// Chart HTML in the shape Plotly.NET.Interactive uses in notebooks: a div plus a script that loads
/// plotly.js (through require.js from the CDN, or offline, see <see cref="PlotlyJs"/>) and calls
/// <c>Plotly.newPlot</c>. Every failure (no network, bad figure) is written into the div in red: a
/// notebook output must never stay blank with the reason hidden in the browser console.
/// </summary>
internal static partial class ChartHtml
{
    // The loader runs in VS Code's output webview, Jupyter, GitHub-free browsers and saved pages; it
    // prefers a Plotly already on the page, uses require.js when the page has AMD (a plain <script>
    // would then register plotly anonymously and throw "Mismatched anonymous define()"), and otherwise
    // a plain <script>.
    private const string Script = """
        <script type="text/javascript">
        (function () {
          var id = "__ID__", mode = "__MODE__", src = __SRC__, figure = __FIGURE__;
          var hint = " Offline? Set COURSEKIT_PLOTLY (a local plotly.min.js, or 'inline') or call PlotlyJs.UseInline().";
          function fail(message) {
            var div = document.getElementById(id);
            if (!div) return;
            var pre = document.createElement("pre");
            pre.className = "coursekit-error";
            pre.style.cssText = "color:#b00020;white-space:pre-wrap;font:12px monospace;margin:4px";
            pre.textContent = "CourseKit chart: " + message;
            div.style.height = "auto";
            div.replaceChildren(pre);
          }
          function draw(Plotly) {
            try {
              Promise.resolve(Plotly.newPlot(id, figure.data, figure.layout, figure.config))
                .catch(function (e) { fail("plotly.js could not draw the figure: " + e); });
            } catch (e) { fail("plotly.js could not draw the figure: " + e); }
          }
          function viaRequire() {
            var require = window.requirejs.config({ context: "coursekit-plotly", paths: { plotly: src.replace(/\.js$/, "") } });
            require(["plotly"], draw, function (e) { fail("could not load plotly.js from " + src + " (" + e + ")." + hint); });
          }
          function viaScript(url, loaded, what) {
            var s = document.createElement("script");
            s.src = url;
            s.onload = loaded;
            s.onerror = function () { fail("could not load " + what + " from " + url + "." + hint); };
            document.head.appendChild(s);
          }
          var hasRequire = typeof window.requirejs === "function" && typeof window.requirejs.config === "function";
          var hasAmd = typeof window.define === "function" && window.define.amd;
          if (window.Plotly) draw(window.Plotly);
          else if (mode === "inline") {
            var tries = 0;
            (function wait() {
              if (window.Plotly) draw(window.Plotly);
              else if (++tries > 100) fail("plotly.js is embedded once per notebook, in the first chart's output (COURSEKIT_PLOTLY=inline), and that output is not on this page. Re-run the first chart's cell, or call PlotlyJs.ResetInline() and re-run this one.");
              else setTimeout(wait, 50);
            })();
          }
          else if (hasRequire) viaRequire();
          else if (mode === "cdn") viaScript("__REQUIREJS__", viaRequire, "require.js");
          else if (hasAmd) fail("the page has an AMD loader but no require.js to load " + src + " with.");
          else viaScript(src, function () { window.Plotly ? draw(window.Plotly) : fail(src + " loaded but defined no Plotly."); }, "plotly.js");
        })();
        </script>
        """;

    /// <summary>The notebook fragment; in inline mode the first fragment of the process carries plotly.js.</summary>
    public static string Fragment(Chart chart, bool embedWhenInline)
    {
        var figure = chart.ToJson();
        var id = Html.NewId("coursekit-chart");
        var mode = PlotlyJs.Mode;
        var src = mode switch
        {
            PlotlyJsMode.Cdn => PlotlyJs.CdnUrl,
            PlotlyJsMode.File => PlotlyJs.FileUrl(PlotlyJs.FilePath!),
            _ => "",
        };
        var sb = new StringBuilder(figure.Length + 4096);
        sb.Append("<div class=\"coursekit-chart\">");
        sb.Append("<div id=\"").Append(id).Append("\" style=\"width:100%;height:").Append(chart.Height).Append("px\"></div>\n");
        if (embedWhenInline && PlotlyJs.TakeInlineSource(always: false) is { } source) sb.Append(Embed(source));
        sb.Append(Script
            .Replace("__ID__", id)
            .Replace("__MODE__", mode.ToString().ToLowerInvariant())
            .Replace("__SRC__", Html.JsString(src))
            .Replace("__REQUIREJS__", PlotlyJs.RequireJsUrl)
            .Replace("__FIGURE__", figure));
        sb.Append("</div>");
        return sb.ToString();
    }

    /// <summary>A standalone page: plotly.js goes in the head (CDN, file or embedded), so it works from disk.</summary>
    public static string Page(Chart chart)
    {
        var head = PlotlyJs.Mode switch
        {
            PlotlyJsMode.Inline => Embed(PlotlyJs.TakeInlineSource(always: true)!),
            PlotlyJsMode.File => $"<script src=\"{Html.Escape(PlotlyJs.FileUrl(PlotlyJs.FilePath!))}\"></script>",
            _ => $"<script src=\"{PlotlyJs.CdnUrl}\"></script>",
        };
        return HtmlPage.Standalone(chart.Title ?? "CourseKit chart", head, Fragment(chart, embedWhenInline: false));
    }

    /// <summary>
    /// plotly.js as an inline script. Its UMD wrapper registers with AMD or CommonJS when it sees them;
    /// shadowing <c>define</c>, <c>module</c> and <c>exports</c> makes it set <c>window.Plotly</c> instead.
    /// </summary>
    internal static string Embed(string plotlySource) =>
        "<script type=\"text/javascript\">(function (define, module, exports) {\n" +
        ScriptEnd().Replace(plotlySource, "<\\/script") +
        "\n}).call(window);</script>\n";

    [GeneratedRegex("</script", RegexOptions.IgnoreCase)]
    private static partial Regex ScriptEnd();
}
