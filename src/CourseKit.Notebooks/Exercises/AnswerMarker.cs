using System.Globalization;
using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Exercises;

/// <summary>
/// The written-question marker, the first line of a markdown answer cell:
/// <c>&lt;!-- ANSWER &lt;topic&gt;.&lt;name&gt; (&lt;n&gt; points) --&gt;</c>. An HTML comment renders as
/// nothing in Jupyter, VS Code and on GitHub, and both editors keep a markdown cell's text as
/// written, so the marker survives a student's editing while staying out of sight. The question
/// itself is the markdown cell above; the answer cell holds the marker and, in the student
/// edition, the <see cref="Placeholder"/> line.
/// </summary>
public static partial class AnswerMarker
{
    /// <summary>The line under the marker in an empty answer cell.</summary>
    public const string Placeholder = "*Your answer here.*";

    /// <summary>Reads the marker on the first line of a markdown cell; null when the cell is not an answer cell.</summary>
    /// <exception cref="ExerciseFormatException">The line starts like a marker but is malformed.</exception>
    public static (string Id, int Points)? Parse(string cellText, string where)
    {
        var m = ExerciseMarker.ReadFirstLine(cellText, LooksLikeMarker(), Marker(), where,
            "answer marker", $"'<!-- ANSWER <topic>.<name> (<n> points) -->', e.g. '{Format("dqn.why_off_policy", 2)}'");
        if (m is null) return null;
        int points = int.Parse(m.Groups["points"].Value, CultureInfo.InvariantCulture);
        if (points == 0)
            throw new ExerciseFormatException($"{where}: the written question '{m.Groups["id"].Value}' is worth 0 points; give it at least 1.");
        return (m.Groups["id"].Value, points);
    }

    /// <summary>The marker line for a written question.</summary>
    public static string Format(string id, int points) => $"<!-- ANSWER {id} ({points} point{(points == 1 ? "" : "s")}) -->";

    /// <summary>The text of an empty answer cell: the marker line, then the placeholder.</summary>
    public static string EmptyCell(string markerLine) => markerLine.TrimEnd('\r') + "\n" + Placeholder;

    /// <summary>
    /// The student's answer in an answer cell: everything below the marker, the placeholder
    /// line removed, trimmed. Empty when the student wrote nothing.
    /// </summary>
    public static string AnswerText(string cellText)
    {
        var lines = cellText.Replace("\r\n", "\n").Split('\n').Skip(1).Where(l => l.Trim() != Placeholder);
        return string.Join('\n', lines).Trim();
    }

    [GeneratedRegex(@"^<!--\s*ANSWER\b")]
    private static partial Regex LooksLikeMarker();

    [GeneratedRegex(@"^<!--\s*ANSWER\s+(?<id>[a-z0-9_]+\.[a-z0-9_]+)\s+\((?<points>\d+)\s+points?\)\s*-->$")]
    private static partial Regex Marker();
}
