namespace CourseKit.Notebooks.Ipynb;

/// <summary>
/// A notebook file that cannot be used: bad JSON (with line and column), not a notebook
/// (no <c>cells</c> array, wrong <c>nbformat</c>), or a notebook whose kernel is not C#.
/// The message names the file and says what to fix.
/// </summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>Creates the exception with a message that already names the file.</summary>
    public NotebookFormatException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>1-based line of a JSON syntax error, when the problem is bad JSON.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column (in bytes of UTF-8) of a JSON syntax error.</summary>
    public int? Column { get; init; }
}
