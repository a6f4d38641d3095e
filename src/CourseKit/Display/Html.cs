using System.Globalization;
using System.Net;

namespace CourseKit.Display;

/// <summary>Small helpers shared by the HTML and SVG writers.</summary>
internal static class Html
{
    private static long _nextId;

    /// <summary>Escapes text for HTML/SVG content and attribute values.</summary>
    public static string Escape(string text) => WebUtility.HtmlEncode(text);

    /// <summary>
    /// An element id unique within the process: several outputs of one notebook share one page in
    /// VS Code, so two charts must never draw into the same div.
    /// </summary>
    public static string NewId(string prefix) =>
        $"{prefix}-{Environment.ProcessId:x}-{Interlocked.Increment(ref _nextId):x}";

    /// <summary>A number written the same way on every machine (never "1,5" under a German locale).</summary>
    public static string Num(double value, string format = "0.##") => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>A string as a JavaScript string literal, safe inside a &lt;script&gt; element.</summary>
    public static string JsString(string text) =>
        System.Text.Json.JsonSerializer.Serialize(text, Plots.ChartJson.ScriptSafe);
}
