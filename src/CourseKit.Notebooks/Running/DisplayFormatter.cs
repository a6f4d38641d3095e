using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using Microsoft.DotNet.Interactive;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// Turns a displayed value into MIME-typed text the way the C# kernel does, through the
/// kernel's zero-dependency convention (README, "Plots and inline display"): an attribute whose type is *named*
/// <c>TypeFormatterSourceAttribute</c> with a <c>Type FormatterSourceType</c> property (and an
/// optional <c>string[] PreferredMimeTypes</c>); the source has a parameterless constructor and
/// <c>CreateTypeFormatters()</c>; each formatter has <c>MimeType</c>, an optional <c>Type</c>, and
/// one <c>bool Format(object, TextWriter)</c>. Matching by name (not by type) is the point: a
/// library declares its own attribute and needs no kernel package.
/// </summary>
internal static class DisplayFormatter
{
    const string Plain = "text/plain";
    const string Html = "text/html";
    static readonly ConcurrentDictionary<Type, IReadOnlyList<ConventionFormatter>> s_cache = new();

    /// <summary>
    /// MIME type to text. Custom formatters give their types (restricted to the attribute's
    /// preferred ones when it names some); text/plain is always added as the fallback Jupyter
    /// front-ends expect, from <c>ToString()</c> when no formatter writes it.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(object? value, string[] requestedMimeTypes)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is HtmlString html)
        {
            data[Html] = html.Value;
        }
        else if (value is not null)
        {
            foreach (var formatter in FormattersFor(value.GetType()))
            {
                if (data.ContainsKey(formatter.MimeType)) continue;
                if (formatter.TryFormat(value, out string text)) data[formatter.MimeType] = text;
            }
        }
        // HTML(...) is markup only, as in the kernel; everything else gets a plain-text fallback.
        if (!data.ContainsKey(Plain) && value is not HtmlString) data[Plain] = PlainText(value);

        if (requestedMimeTypes.Length > 0)
        {
            var restricted = data.Where(kv => requestedMimeTypes.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
            if (restricted.Count > 0) return restricted;
        }
        return data;
    }

    static IReadOnlyList<ConventionFormatter> FormattersFor(Type type) => s_cache.GetOrAdd(type, Discover);

    static IReadOnlyList<ConventionFormatter> Discover(Type type)
    {
        var found = new List<ConventionFormatter>();
        foreach (var candidate in TypeAndAncestors(type))
        {
            foreach (var attribute in candidate.GetCustomAttributes(inherit: false))
            {
                var attributeType = attribute.GetType();
                if (attributeType.Name != "TypeFormatterSourceAttribute") continue;
                if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
                string[] preferred = attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) as string[] ?? [];
                foreach (var formatter in CreateFormatters(sourceType))
                {
                    if (formatter.AppliesTo(type) && (preferred.Length == 0 || preferred.Contains(formatter.MimeType)))
                        found.Add(formatter);
                }
            }
            if (found.Count > 0) break; // the most derived type that declares formatters wins
        }
        return found;
    }

    static IEnumerable<Type> TypeAndAncestors(Type type)
    {
        for (var t = type; t is not null; t = t.BaseType) yield return t;
        foreach (var i in type.GetInterfaces()) yield return i;
    }

    static IEnumerable<ConventionFormatter> CreateFormatters(Type sourceType)
    {
        object? source = Activator.CreateInstance(sourceType);
        var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes);
        if (source is null || create?.Invoke(source, null) is not IEnumerable formatters) yield break;
        foreach (var formatter in formatters)
        {
            if (formatter is null) continue;
            var ft = formatter.GetType();
            var mime = ft.GetProperty("MimeType")?.GetValue(formatter) as string;
            var format = ft.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
            if (mime is null || format is null || format.ReturnType != typeof(bool)) continue;
            var applies = ft.GetProperty("Type")?.GetValue(formatter) as Type;
            yield return new ConventionFormatter(formatter, mime, applies, format);
        }
    }

    /// <summary>The kernel's plain-text look: strings as they are, sequences as "[ a, b, c ]".</summary>
    internal static string PlainText(object? value)
    {
        switch (value)
        {
            case null: return "<null>";
            case string s: return s;
            case IFormattable f: return f.ToString(null, CultureInfo.CurrentCulture);
            case IEnumerable sequence:
                const int limit = 20;
                var items = new List<string>();
                int count = 0;
                foreach (var item in sequence)
                {
                    if (count++ < limit) items.Add(PlainText(item));
                }
                if (count > limit) items.Add($"... ({count - limit} more)");
                return items.Count == 0 ? "[ ]" : $"[ {string.Join(", ", items)} ]";
            default: return value.ToString() ?? "";
        }
    }

    sealed record ConventionFormatter(object Instance, string MimeType, Type? AppliesToType, MethodInfo FormatMethod)
    {
        public bool AppliesTo(Type type) => AppliesToType is null || AppliesToType.IsAssignableFrom(type);

        public bool TryFormat(object value, out string text)
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            bool ok = FormatMethod.Invoke(Instance, [value, writer]) is true;
            text = writer.ToString();
            return ok;
        }
    }
}
