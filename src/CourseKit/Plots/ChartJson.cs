using System.Text.Json;

namespace CourseKit.Plots;

/// <summary>Writing plot data as compact plotly.js JSON.</summary>
internal static class ChartJson
{
    /// <summary>
    /// Serializer options whose (default) encoder escapes &lt;, &gt; and &amp;, so JSON can sit inside a
    /// &lt;script&gt; element: a trace named "&lt;/script&gt;" must not end the script.
    /// </summary>
    public static readonly JsonSerializerOptions ScriptSafe = new();

    /// <summary>
    /// One number as short as display allows: integers exactly (step counts), everything else at float
    /// precision, which halves the JSON of a long curve and is finer than any screen pixel.
    /// </summary>
    public static void Number(Utf8JsonWriter w, double v)
    {
        if (!double.IsFinite(v)) w.WriteNullValue();
        else if (v == Math.Floor(v) && Math.Abs(v) < 1e15) w.WriteNumberValue((long)v);
        else if (Math.Abs(v) is > 1e-30 and < 1e30) w.WriteNumberValue((float)v);
        else w.WriteNumberValue(v);
    }

    /// <summary>An array property of the values at <paramref name="indexes"/> (all values when null).</summary>
    public static void Numbers(Utf8JsonWriter w, string name, IReadOnlyList<double> values, int[]? indexes = null)
    {
        w.WriteStartArray(name);
        if (indexes is null) foreach (var v in values) Number(w, v);
        else foreach (var i in indexes) Number(w, values[i]);
        w.WriteEndArray();
    }

    /// <summary>An array property of strings.</summary>
    public static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    /// <summary><c>"name": {"text": ...}</c>, the title form every plotly.js version since 1.x accepts.</summary>
    public static void Title(Utf8JsonWriter w, string name, string text)
    {
        w.WriteStartObject(name);
        w.WriteString("text", text);
        w.WriteEndObject();
    }
}
