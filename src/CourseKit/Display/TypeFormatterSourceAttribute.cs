namespace CourseKit.Display;

/// <summary>
/// Tells a notebook kernel how to display the attributed type. The .NET Interactive kernel matches
/// this attribute by its <em>name</em> (<c>TypeFormatterSourceAttribute</c>), not by its assembly, so
/// CourseKit declares its own and needs no kernel package; the headless runner and
/// <see cref="Formatting"/> follow the same convention.
/// </summary>
/// <param name="formatterSourceType">
/// A type with a parameterless constructor and a public <c>CreateTypeFormatters()</c> method returning
/// formatters, each with a <c>MimeType</c> property, an optional <c>Type</c> property and exactly one
/// public <c>bool Format(object, TextWriter)</c> method.
/// </param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
public sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>The type that creates the formatters (see the class summary for its shape).</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>MIME types the kernel should choose first when it displays a value of the attributed type.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
