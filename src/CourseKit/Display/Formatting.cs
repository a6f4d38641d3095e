using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace CourseKit.Display;

/// <summary>
/// Renders any object through the kernel's formatter convention, the same lookup the .NET Interactive
/// kernel performs: find attributes named <c>TypeFormatterSourceAttribute</c> on the value's type (or a
/// base type), create each <c>FormatterSourceType</c>, call <c>CreateTypeFormatters()</c>, and use the
/// formatter whose <c>MimeType</c> matches (and whose optional <c>Type</c> accepts the value).
/// Everything is matched by name, so types from any assembly that follow the convention work too.
/// </summary>
/// <example>
/// A headless notebook runner displays a cell's value like this:
/// <code>
/// foreach (var mime in Formatting.PreferredMimeTypes(value))
///     if (Formatting.TryFormat(value, mime, out var text)) { output[mime] = text; break; }
/// </code>
/// </example>
public static class Formatting
{
    private sealed record Formatter(string MimeType, Type? AppliesTo, object Target, MethodInfo Format);

    private sealed record Registration(Formatter[] Formatters, string[] PreferredMimeTypes);

    // Reflection runs once per type: a training loop may display thousands of progress updates.
    private static readonly ConcurrentDictionary<Type, Registration> Cache = new();

    /// <summary>
    /// Formats <paramref name="value"/> as <paramref name="mimeType"/> (e.g. <c>text/html</c>) through the
    /// convention. False when the type declares no formatter for that MIME type, or every matching
    /// formatter declined. Exceptions thrown by a formatter propagate: a broken chart must not look blank.
    /// </summary>
    public static bool TryFormat(object value, string mimeType, out string text)
    {
        ArgumentNullException.ThrowIfNull(value);
        var valueType = value.GetType();
        foreach (var f in Lookup(valueType).Formatters)
        {
            if (f.MimeType != mimeType || (f.AppliesTo is not null && !f.AppliesTo.IsAssignableFrom(valueType))) continue;
            var writer = new StringWriter();
            object? handled;
            try { handled = f.Format.Invoke(f.Target, [value, writer]); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
            if (handled is true)
            {
                text = writer.ToString();
                return true;
            }
        }
        text = "";
        return false;
    }

    /// <summary>True when the type of <paramref name="value"/> declares any formatter through the convention.</summary>
    public static bool HasFormatters(object value) => Lookup(value.GetType()).Formatters.Length > 0;

    /// <summary>
    /// The MIME types to try, best first: the attribute's <c>PreferredMimeTypes</c>, then every other
    /// MIME type a formatter declares (<c>text/html</c> before <c>text/plain</c>, as the kernel does).
    /// Empty when the type follows no convention.
    /// </summary>
    public static IReadOnlyList<string> PreferredMimeTypes(object value)
    {
        var reg = Lookup(value.GetType());
        return reg.PreferredMimeTypes
            .Concat(reg.Formatters.Select(f => f.MimeType).OrderBy(m => m == MimeTypes.Html ? 0 : m == MimeTypes.PlainText ? 1 : 2))
            .Distinct()
            .ToArray();
    }

    /// <summary>
    /// The value as HTML: its <c>text/html</c> formatter when it has one, otherwise its
    /// <c>ToString()</c> HTML-escaped in a <c>&lt;pre&gt;</c>.
    /// </summary>
    public static string ToHtml(object? value) =>
        value is null ? "<pre>null</pre>"
        : TryFormat(value, MimeTypes.Html, out var html) ? html
        : "<pre>" + Html.Escape(value.ToString() ?? "") + "</pre>";

    private static Registration Lookup(Type type) => Cache.GetOrAdd(type, Discover);

    private static Registration Discover(Type type)
    {
        var formatters = new List<Formatter>();
        var preferred = new List<string>();
        // GetCustomAttributes(inherit: true) includes inheritable attributes of base types, as the kernel sees them.
        foreach (var attribute in type.GetCustomAttributes(inherit: true))
        {
            var attributeType = attribute.GetType();
            if (attributeType.Name != "TypeFormatterSourceAttribute") continue;
            if (attributeType.GetProperty("FormatterSourceType")?.GetValue(attribute) is not Type sourceType) continue;
            if (attributeType.GetProperty("PreferredMimeTypes")?.GetValue(attribute) is string[] mimes) preferred.AddRange(mimes);

            var source = Activator.CreateInstance(sourceType)
                ?? throw new InvalidOperationException($"{sourceType} could not be created for {type}.");
            var create = sourceType.GetMethod("CreateTypeFormatters", Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{sourceType} has no public CreateTypeFormatters() method.");
            if (create.Invoke(source, null) is not IEnumerable created) continue;
            foreach (var formatter in created)
            {
                var formatterType = formatter.GetType();
                if (formatterType.GetProperty("MimeType")?.GetValue(formatter) is not string mime) continue;
                var format = formatterType.GetMethod("Format", [typeof(object), typeof(TextWriter)]);
                if (format is null || format.ReturnType != typeof(bool)) continue;
                // Without a Type property the formatter applies to the attributed type, as in the kernel.
                var appliesTo = formatterType.GetProperty("Type")?.GetValue(formatter) as Type ?? type;
                formatters.Add(new Formatter(mime, appliesTo, formatter, format));
            }
        }
        return new Registration([.. formatters], [.. preferred.Distinct()]);
    }
}
