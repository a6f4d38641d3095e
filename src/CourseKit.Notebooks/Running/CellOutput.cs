namespace CourseKit.Notebooks.Running;

/// <summary>One output of an executed cell, in the order the cell produced them.</summary>
public abstract record CellOutput;

/// <summary>Text written to stdout or stderr.</summary>
/// <param name="Name"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Text">The text, line endings included.</param>
public sealed record StreamOutput(string Name, string Text) : CellOutput;

/// <summary>
/// A value shown with <c>display(...)</c> (<see cref="IsResult"/> false) or as the cell's trailing
/// expression (<see cref="IsResult"/> true, written as <c>execute_result</c>).
/// </summary>
/// <param name="DisplayId">Identifies the output for <c>Update</c>.</param>
/// <param name="Data">MIME type to formatted text, e.g. text/html and text/plain.</param>
/// <param name="IsResult">True for the cell's return value.</param>
public sealed record DisplayOutput(string DisplayId, IReadOnlyDictionary<string, string> Data, bool IsResult) : CellOutput;

/// <summary>A compile error, a runtime exception, a time-out or a directive the runner refuses.</summary>
/// <param name="EName">Exception type name, or <c>CompilationError</c>, <c>TimeoutError</c>, <c>DirectiveError</c>.</param>
/// <param name="EValue">The message.</param>
/// <param name="Traceback">Lines of detail (diagnostics or the stack trace).</param>
public sealed record ErrorOutput(string EName, string EValue, IReadOnlyList<string> Traceback) : CellOutput;
