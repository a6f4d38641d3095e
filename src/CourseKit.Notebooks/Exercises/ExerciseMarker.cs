using System.Globalization;
using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Exercises;

/// <summary>
/// The exercise marker, the first line of an exercise cell:
/// <c>// EXERCISE &lt;topic&gt;.&lt;name&gt; (&lt;n&gt; points)</c>. A comment line survives any editor
/// (VS Code rewrites cell metadata freely but keeps the text), and students see which exercise
/// they are in.
/// </summary>
public static partial class ExerciseMarker
{
    /// <summary>The reference solution body sits between these comment lines in solution files.</summary>
    public const string BeginSolution = "// BEGIN SOLUTION";

    /// <summary>Ends a solution region.</summary>
    public const string EndSolution = "// END SOLUTION";

    /// <summary>The first line of the standard stub body that replaces a solution region.</summary>
    public const string StubTodo = "// TODO(student)";

    /// <summary>The second line of the standard stub body.</summary>
    public const string StubThrow = "throw new NotImplementedException();";

    /// <summary>Reads the marker on the first line of a cell; null when the cell is not an exercise.</summary>
    /// <exception cref="ExerciseFormatException">The line starts like a marker but is malformed.</exception>
    public static (string Id, int Points)? Parse(string cellText, string where)
    {
        var m = ReadFirstLine(cellText, LooksLikeMarker(), Marker(), where,
            "exercise marker", "'// EXERCISE <topic>.<name> (<n> points)', e.g. '// EXERCISE dqn.td_target (2 points)'");
        return m is null ? null : (m.Groups["id"].Value, int.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// The match of a cell's first line against <paramref name="marker"/>; null when the line does not even start like
    /// one (<paramref name="looksLike"/>), an error naming <paramref name="expected"/> when it starts like one but is malformed.
    /// </summary>
    internal static Match? ReadFirstLine(string cellText, Regex looksLike, Regex marker, string where, string what, string expected)
    {
        string first = cellText.Split('\n', 2)[0].Trim();
        if (!looksLike.IsMatch(first)) return null;
        var m = marker.Match(first);
        return m.Success ? m : throw new ExerciseFormatException($"{where}: malformed {what} '{first}'; expected {expected}.");
    }

    /// <summary>The marker line for an exercise.</summary>
    public static string Format(string id, int points) => $"// EXERCISE {id} ({points} point{(points == 1 ? "" : "s")})";

    [GeneratedRegex(@"^//\s*EXERCISE\b")]
    private static partial Regex LooksLikeMarker();

    [GeneratedRegex(@"^//\s*EXERCISE\s+(?<id>[a-z0-9_]+\.[a-z0-9_]+)\s+\((?<points>\d+)\s+points?\)$")]
    private static partial Regex Marker();
}

/// <summary>An exercise cell or solution file that breaks the exercise rules; the message says which and how.</summary>
public sealed class ExerciseFormatException(string message) : Exception(message);
