using CourseKit.Notebooks.Running;

// This namespace and type name are the ones the .NET Interactive C# kernel exposes, so that a
// cell's `using static Microsoft.DotNet.Interactive.Kernel;` and its display(...) calls compile
// and behave the same in the headless runner. Only the runner references this assembly into
// scripts; the CourseKit library (also loaded into the real kernel) must never contain it.
namespace Microsoft.DotNet.Interactive;

/// <summary>
/// The headless runner's stand-in for the .NET Interactive kernel's static helpers:
/// <c>display(x)</c> and <c>HTML(...)</c>.
/// </summary>
public static class Kernel
{
    /// <summary>
    /// Shows <paramref name="value"/> as an output of the running cell, formatted as the kernel
    /// would (the value's formatter source, else plain text), and returns a handle to update it.
    /// </summary>
    /// <param name="value">The value to show.</param>
    /// <param name="mimeTypes">Optional MIME types to restrict the output to (e.g. "text/plain").</param>
    public static DisplayedValue display(object? value, params string[] mimeTypes)
    {
        var context = CellContext.Current
            ?? throw new InvalidOperationException("display(...) can only be called while a notebook cell runs.");
        return context.Display(value, mimeTypes);
    }

    /// <summary>Wraps a string of HTML so that displaying it renders the markup.</summary>
    public static HtmlString HTML(string html) => new(html);
}

/// <summary>A handle to a displayed output; <see cref="Update"/> replaces what it shows.</summary>
public sealed class DisplayedValue
{
    readonly CellContext _context;

    internal DisplayedValue(CellContext context, string displayId, string[] mimeTypes)
    {
        _context = context;
        DisplayId = displayId;
        MimeTypes = mimeTypes;
    }

    /// <summary>The id of the output this handle updates.</summary>
    public string DisplayId { get; }

    internal string[] MimeTypes { get; }

    /// <summary>Replaces the displayed value (in place: a progress line, a live chart).</summary>
    public void Update(object? value) => _context.Update(this, value);
}

/// <summary>A string of HTML markup that displays as rendered HTML.</summary>
public sealed class HtmlString(string html)
{
    /// <summary>The markup.</summary>
    public string Value { get; } = html;

    /// <inheritdoc />
    public override string ToString() => Value;
}
