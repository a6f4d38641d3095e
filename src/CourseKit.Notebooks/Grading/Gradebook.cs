using System.Globalization;
using System.Text;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// The class's grades for the instructor: <c>gradebook.csv</c> (one row per student: each
/// exercise's and written question's points, total, maximum, manual items pending) for a
/// spreadsheet or an LMS import, <c>answers.csv</c> (the written answers, for the TAs),
/// and <c>class-summary.md</c>: how the code was isolated, the problems with the submissions,
/// and the exercises ranked hardest first with their mean score and most common failed check.
/// </summary>
public static class Gradebook
{
    /// <summary>The exercise columns: every exercise graded, in the order first met.</summary>
    public static IReadOnlyList<string> Exercises(ClassGrades grades) =>
        grades.Students.SelectMany(s => s.Notebooks).SelectMany(n => n.Exercises).Select(e => e.ExerciseId).Distinct().ToList();

    /// <summary>The CSV text (RFC 4180: comma, quotes doubled, CRLF line ends).</summary>
    public static string Csv(ClassGrades grades)
    {
        var exercises = Exercises(grades);
        var questions = Questions(grades);
        var sb = new StringBuilder();
        // A written answer's cell is empty while it waits for a TA (0 would read as graded); manual_pending counts those.
        Row(sb, ["student", .. exercises, .. questions, "total", "max", "manual_pending", "notes"]);
        foreach (var s in grades.Students)
        {
            var byId = s.Notebooks.SelectMany(n => n.Exercises).GroupBy(e => e.ExerciseId).ToDictionary(g => g.Key, g => g.Sum(e => e.Score));
            var answers = s.Notebooks.SelectMany(n => n.Answers).GroupBy(a => a.QuestionId).ToDictionary(g => g.Key, g => g.First());
            var notes = grades.Problems.Where(p => p.Student == s.Student).Select(p => p.Message);
            Row(sb, [s.Student, .. exercises.Select(id => byId.TryGetValue(id, out double v) ? Fmt(v) : "0"),
                .. questions.Select(id => answers.TryGetValue(id, out var a) ? a.Pending ? "" : Fmt(a.Earned) : "0"),
                Fmt(s.Score), Fmt(s.MaxScore), answers.Values.Count(a => a.Pending).ToString(CultureInfo.InvariantCulture), string.Join(" ", notes)]);
        }
        return sb.ToString();
    }

    /// <summary>The written-question columns: every question asked, in the order first met.</summary>
    public static IReadOnlyList<string> Questions(ClassGrades grades) =>
        grades.Students.SelectMany(s => s.Notebooks).SelectMany(n => n.Answers).Select(a => a.QuestionId).Distinct().ToList();

    /// <summary>
    /// The TAs' worksheet: one row per student and written question with the answer's text, its
    /// points and the score and comment so far. Filled in, it is the file <c>--manual</c> merges.
    /// </summary>
    public static string AnswersCsv(ClassGrades grades)
    {
        var sb = new StringBuilder();
        Row(sb, ["student", "question", "score", "comment", "max", "status", "answer"]);
        foreach (var s in grades.Students)
            foreach (var a in s.Notebooks.SelectMany(n => n.Answers))
                Row(sb, [s.Student, a.QuestionId, a.Score is { } v ? Fmt(v) : "", a.Comment ?? "", Fmt(a.MaxScore), a.Status, a.Answer]);
        return sb.ToString();
    }

    /// <summary>One exercise's class statistics.</summary>
    /// <param name="ExerciseId">The exercise.</param>
    /// <param name="MaxScore">Its points.</param>
    /// <param name="MeanScore">The mean over every student graded on it.</param>
    /// <param name="FullMarks">How many earned every point.</param>
    /// <param name="Students">How many were graded on it.</param>
    /// <param name="MostFailedCheck">The check failed most often, or null when none failed.</param>
    /// <param name="MostFailedCount">How many students failed it.</param>
    public sealed record ExerciseStats(string ExerciseId, double MaxScore, double MeanScore, int FullMarks, int Students, string? MostFailedCheck, int MostFailedCount);

    /// <summary>Statistics per exercise, hardest (lowest mean share of the points) first.</summary>
    public static IReadOnlyList<ExerciseStats> Hardest(ClassGrades grades) =>
        grades.Students.SelectMany(s => s.Notebooks).SelectMany(n => n.Exercises)
            .GroupBy(e => e.ExerciseId)
            .Select(g =>
            {
                var failed = g.SelectMany(e => e.Checks.Count > 0 ? e.Checks.Where(c => !c.Passed).Select(c => c.Name)
                        : e.Status is GradeStatus.Passed ? [] : [$"({e.Status})"])
                    .GroupBy(n => n).OrderByDescending(n => n.Count()).ThenBy(n => n.Key, StringComparer.Ordinal).FirstOrDefault();
                double max = g.Max(e => e.MaxScore);
                return new ExerciseStats(g.Key, max, g.Average(e => e.Score), g.Count(e => e.Score >= e.MaxScore - 1e-9), g.Count(),
                    failed?.Key, failed?.Count() ?? 0);
            })
            .OrderBy(s => s.MaxScore > 0 ? s.MeanScore / s.MaxScore : 1).ThenBy(s => s.ExerciseId, StringComparer.Ordinal)
            .ToList();

    /// <summary>The class summary in Markdown.</summary>
    public static string SummaryMarkdown(ClassGrades grades)
    {
        var sb = new StringBuilder("# Class grades\n\n");
        double mean = grades.Students.Count == 0 ? 0 : grades.Students.Average(s => s.Score);
        sb.Append($"{grades.Students.Count} students graded in {grades.Elapsed.TotalSeconds:0} s ({grades.Students.Count(s => s.Reused)} unchanged since the last run); mean total {Fmt(mean)}.\n\n");
        sb.Append(grades.Isolation).Append("\n\n## Hardest exercises\n\n");
        sb.Append("| exercise | mean | full marks | most common failed check |\n|---|---|---|---|\n");
        foreach (var e in Hardest(grades))
            sb.Append($"| `{e.ExerciseId}` | {Fmt(e.MeanScore)} / {Fmt(e.MaxScore)} | {e.FullMarks} of {e.Students} | " +
                      (e.MostFailedCheck is null ? "—" : $"{e.MostFailedCheck.Replace("|", "\\|")} (failed by {e.MostFailedCount} of {e.Students})") + " |\n");
        sb.Append("\n## Problems with submissions\n\n");
        if (grades.Problems.Count == 0) sb.Append("None.\n");
        foreach (var p in grades.Problems) sb.Append($"- {p.Student}: {p.Message.Split('\n')[0]}\n");
        return sb.ToString();
    }

    /// <summary>Writes gradebook.csv and class-summary.md into <paramref name="directory"/>, each atomically.</summary>
    public static void Write(string directory, ClassGrades grades)
    {
        AtomicFile.WriteAllText(Path.Combine(directory, "gradebook.csv"), Csv(grades));
        if (Questions(grades).Count > 0) AtomicFile.WriteAllText(Path.Combine(directory, "answers.csv"), AnswersCsv(grades));
        AtomicFile.WriteAllText(Path.Combine(directory, "class-summary.md"), SummaryMarkdown(grades));
    }

    static void Row(StringBuilder sb, IEnumerable<string> cells) =>
        sb.Append(string.Join(",", cells.Select(c => c.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + c.Replace("\"", "\"\"") + "\"" : c))).Append("\r\n");

    static string Fmt(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
