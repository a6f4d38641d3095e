using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Grades as files: Gradescope's autograder <c>results.json</c> (top-level <c>score</c>,
/// <c>execution_time</c>, <c>output</c>, <c>tests[]</c> with <c>name</c>, <c>score</c>,
/// <c>max_score</c>, <c>status</c>, <c>output</c>) and a readable <c>summary.md</c>. One test per
/// exercise, so partial credit per check shows as a fractional score, and one per written
/// answer (<see cref="WrittenAnswerReports"/>).
/// </summary>
public static class GradeReports
{
    /// <summary>The results.json document for the graded notebooks; <paramref name="isolation"/> (how the code was sandboxed) ends its output.</summary>
    public static string ResultsJson(IReadOnlyList<NotebookGrade> notebooks, string? isolation = null)
    {
        bool qualify = notebooks.Count > 1;
        var tests = new JsonArray();
        foreach (var nb in notebooks)
        {
            string prefix = qualify ? Path.GetFileName(nb.Notebook) + ": " : "";
            if (nb.Error is not null)
            {
                tests.Add(new JsonObject
                {
                    ["name"] = prefix + "notebook",
                    ["score"] = 0,
                    ["max_score"] = 0,
                    ["status"] = "failed",
                    ["output"] = "The notebook could not be graded: " + nb.Error,
                });
            }
            foreach (var e in nb.Exercises)
            {
                tests.Add(new JsonObject
                {
                    ["name"] = prefix + e.ExerciseId,
                    ["score"] = e.Score,
                    ["max_score"] = e.MaxScore,
                    ["status"] = e.Status == GradeStatus.Passed ? "passed" : "failed",
                    ["output"] = e.Report(),
                });
            }
            foreach (var a in nb.Answers) tests.Add(WrittenAnswerReports.ResultsEntry(a, prefix));
        }
        double seconds = notebooks.Sum(n => n.Elapsed.TotalSeconds);
        var root = new JsonObject
        {
            ["score"] = Math.Round(notebooks.Sum(n => n.Score), 4),
            ["execution_time"] = Math.Round(seconds, 2),
            ["output"] = string.Join("\n", notebooks.Select(n => n.Error is null
                ? $"{Path.GetFileName(n.Notebook)}: {Fmt(n.Score)}/{Fmt(n.MaxScore)}{WrittenAnswerReports.PendingNote(n.Answers)}"
                : $"{Path.GetFileName(n.Notebook)}: not graded: {n.Error}").Append(isolation).OfType<string>()),
            ["tests"] = tests,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    /// <summary>A Markdown summary: a table per notebook, then each exercise's details.</summary>
    public static string SummaryMarkdown(IReadOnlyList<NotebookGrade> notebooks, string? isolation = null)
    {
        var sb = new StringBuilder();
        double score = notebooks.Sum(n => n.Score), max = notebooks.Sum(n => n.MaxScore);
        sb.Append("# Grading summary\n\n");
        sb.Append($"Total: **{Fmt(score)} / {Fmt(max)}**{WrittenAnswerReports.PendingNote(notebooks.SelectMany(n => n.Answers).ToList())}\n");
        if (isolation is not null) sb.Append($"\n{isolation}\n");
        foreach (var nb in notebooks)
        {
            sb.Append($"\n## {Path.GetFileName(nb.Notebook)}: {Fmt(nb.Score)} / {Fmt(nb.MaxScore)}\n\n");
            if (nb.Error is not null)
            {
                sb.Append($"Not graded: {nb.Error}\n");
                continue;
            }
            sb.Append("| exercise | score | status | note |\n|---|---|---|---|\n");
            foreach (var e in nb.Exercises)
                sb.Append($"| `{e.ExerciseId}` | {Fmt(e.Score)} / {Fmt(e.MaxScore)} | {e.Status} | {Cell(e.Summary)} |\n");
            foreach (var e in nb.Exercises.Where(e => e.Checks.Count > 0 || e.Status is GradeStatus.CompileError or GradeStatus.Refused || e.Warnings.Count > 0))
                sb.Append($"\n### `{e.ExerciseId}`\n\n```text\n{e.Report()}\n```\n");
            WrittenAnswerReports.AppendSummary(sb, nb.Answers);
        }
        return sb.ToString();
    }

    /// <summary>Writes results.json and summary.md into <paramref name="directory"/>, each atomically.</summary>
    public static void Write(string directory, IReadOnlyList<NotebookGrade> notebooks, string? isolation = null)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "results.json"), ResultsJson(notebooks, isolation));
        AtomicFile.WriteAllText(Path.Combine(directory, "summary.md"), SummaryMarkdown(notebooks, isolation));
    }

    static string Fmt(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);

    static string Cell(string text) => text.Split('\n')[0].Replace("|", "\\|");
}
