using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Where in their own cell a student's code failed. A stack trace of a graded cell runs through the
/// checks, CourseKit and the grader, whose frames carry the build machine's paths and mean nothing to
/// the student; the cell is compiled with an embedded PDB under the file name <see cref="CompiledExercise.CellFileName"/>,
/// so its frames, and only those, read "in cell:line N".
/// </summary>
internal static partial class StudentFrames
{
    /// <summary>The student's frames of a .NET stack trace, innermost first, as "line N of your cell, in Method(...)".</summary>
    public static IReadOnlyList<string> Of(string? stackTrace) =>
        stackTrace is null ? [] : CellFrame().Matches(stackTrace).Select(m => $"line {m.Groups["line"].Value} of your cell, in {Readable(m.Groups["method"].Value)}").ToList();

    /// <summary>
    /// CourseKit's check runner explains an exception as "Your code threw T: message (first frame)", and the first
    /// frame may be a library's. Replaces that frame with the student's own frames of the exception that was thrown.
    /// </summary>
    public static string Rewrite(string message, IEnumerable<Exception> thrown)
    {
        foreach (var e in thrown.Reverse())
        {
            string head = $"Your code threw {e.GetType().Name}: {e.Message}";
            if (!message.StartsWith(head, StringComparison.Ordinal)) continue;
            var frames = Of(e.StackTrace);
            return frames.Count == 0 ? head : head + "\n" + string.Join("\n", frames.Select(f => "    at " + f));
        }
        return message;
    }

    /// <summary>The first line of a crash report on stderr ("Unhandled exception. T: message") and the student's frames under it.</summary>
    public static string Crash(string stderr)
    {
        var lines = stderr.Replace("\r\n", "\n").Split('\n');
        string first = lines.FirstOrDefault(l => l.Contains("exception", StringComparison.OrdinalIgnoreCase))?.Trim() ?? lines[0].Trim();
        var frames = Of(stderr);
        return frames.Count == 0 ? first : first + "\n" + string.Join("\n", frames.Select(f => "    at " + f));
    }

    /// <summary>"Script.Foo(Double x)" → "Foo(Double x)"; a lambda or local function says where it sits.</summary>
    static string Readable(string method)
    {
        string name = method.StartsWith(CompiledExercise.ScriptClassName + ".", StringComparison.Ordinal) ? method[(CompiledExercise.ScriptClassName.Length + 1)..] : method;
        if (LocalFunction().Match(name) is { Success: true } local) return $"{local.Groups["name"].Value} (a local function in {local.Groups["outer"].Value})";
        if (Lambda().Match(name) is { Success: true } lambda) return $"a lambda in {lambda.Groups["outer"].Value}";
        return name;
    }

    [GeneratedRegex(@"^\s*at (?<method>.+?) in " + CompiledExercise.CellFileName + @":line (?<line>\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex CellFrame();

    [GeneratedRegex(@"<(?<outer>[^>]+)>g__(?<name>[^|]+)\|")]
    private static partial Regex LocalFunction();

    [GeneratedRegex(@"<(?<outer>[^>]+)>b__")]
    private static partial Regex Lambda();
}
