using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// How a written answer shows in the grade reports: a results.json test graded by hand, a row
/// and the full text in summary.md.
/// </summary>
public static class WrittenAnswerReports
{
    /// <summary>
    /// Gradescope's <c>visibility</c> for a written answer: its score is 0 until a TA grades it,
    /// so the student sees it only once the instructor publishes the grades.
    /// </summary>
    public const string Visibility = "after_published";

    /// <summary>The results.json test of one answer (<c>name</c>, <c>score</c>, <c>max_score</c>, <c>visibility</c>, <c>output</c>).</summary>
    public static JsonObject ResultsEntry(AnswerGrade a, string prefix) => new()
    {
        ["name"] = $"{prefix}{a.QuestionId} (written answer)",
        ["score"] = a.Earned,
        ["max_score"] = a.MaxScore,
        ["visibility"] = Visibility,
        ["output"] = Output(a),
    };

    /// <summary>The answer's report: its state, the TA's comment, then the student's text.</summary>
    public static string Output(AnswerGrade a) => a switch
    {
        { Score: { } s } => $"Graded by hand: {Fmt(s)}/{Fmt(a.MaxScore)}." + (a.Comment is { Length: > 0 } c ? " " + c : "") +
                            (a.Answered ? "\n\nAnswer:\n" + a.Answer : "\n\nNot answered."),
        { Answered: true } => $"Pending manual grading ({Fmt(a.MaxScore)} points); the score counts 0 until a TA grades it.\n\nAnswer:\n{a.Answer}",
        _ => "Not answered: the answer cell holds only its placeholder (or is missing). 0 points.",
    };

    /// <summary>" (n written answers pending manual grading)", or empty when none is.</summary>
    public static string PendingNote(IReadOnlyList<AnswerGrade> answers)
    {
        int pending = answers.Count(a => a.Pending);
        return pending == 0 ? "" : $" ({pending} written answer{(pending == 1 ? "" : "s")} pending manual grading)";
    }

    /// <summary>Appends a notebook's written answers to summary.md: a table, then each answer's text quoted.</summary>
    public static void AppendSummary(StringBuilder sb, IReadOnlyList<AnswerGrade> answers)
    {
        if (answers.Count == 0) return;
        sb.Append("\n| written question | score | status |\n|---|---|---|\n");
        foreach (var a in answers)
            sb.Append($"| `{a.QuestionId}` | {(a.Score is null && a.Answered ? "?" : Fmt(a.Earned))} / {Fmt(a.MaxScore)} | {a.Status} |\n");
        foreach (var a in answers)
        {
            sb.Append($"\n### `{a.QuestionId}` (written, {a.Status})\n\n");
            if (a.Comment is { Length: > 0 } c) sb.Append($"TA: {c}\n\n");
            sb.Append(a.Answered ? "> " + a.Answer.Replace("\n", "\n> ") + "\n" : "Not answered.\n");
        }
    }

    static string Fmt(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
}
