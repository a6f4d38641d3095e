using System.Globalization;
using System.Text;

namespace CourseKit.Notebooks.Grading;

/// <summary>One graded cell of a student's notebook.</summary>
/// <param name="Notebook">The notebook's file name.</param>
/// <param name="CellNumber">The cell's 1-based position in the notebook.</param>
/// <param name="Grade">Its grade.</param>
public sealed record GradedCell(string Notebook, int CellNumber, ExerciseGrade Grade);

/// <summary>
/// The short report a student reads after a run: total points, then one line per attempted exercise
/// (✔ or ✘ with its points and where the cell is), under each ✘ what failed, and the exercises not
/// attempted yet on one line.
/// </summary>
public static class StudentReport
{
    /// <summary>The report of <paramref name="cells"/>, in the order given.</summary>
    public static string Format(IReadOnlyList<GradedCell> cells)
    {
        var attempted = cells.Where(c => c.Grade.Status != GradeStatus.NotAttempted).ToList();
        var notAttempted = cells.Where(c => c.Grade.Status == GradeStatus.NotAttempted).ToList();
        double score = attempted.Sum(c => c.Grade.Score), max = cells.Sum(c => c.Grade.MaxScore);
        var sb = new StringBuilder();
        sb.Append($"Your exercises: {Num(score)} / {Num(max)} points ({attempted.Count} of {cells.Count} attempted)\n");
        int width = attempted.Select(c => c.Grade.ExerciseId.Length).DefaultIfEmpty(0).Max();
        foreach (var (notebook, cellNumber, grade) in attempted)
        {
            bool passed = grade.Status == GradeStatus.Passed;
            sb.Append($"  {(passed ? "✔" : "✘")} {grade.ExerciseId.PadRight(width)}  {Num(grade.Score)} / {Num(grade.MaxScore)}  ({notebook}, cell {cellNumber})\n");
            foreach (var warning in grade.Warnings) sb.Append($"      {warning}\n");
            if (passed) continue;
            var failedChecks = grade.Checks.Where(c => !c.Passed).ToList();
            if (failedChecks.Count == 0 || grade.Status is not GradeStatus.Failed) sb.Append(Indent(grade.Summary));
            foreach (var check in failedChecks)
            {
                sb.Append(Indent($"✘ {check.Name}: {check.Message}"));
                if (!string.IsNullOrWhiteSpace(check.Output)) sb.Append(Indent("printed: " + check.Output.TrimEnd(), 10));
            }
        }
        if (notAttempted.Count > 0)
            sb.Append($"  · not attempted ({notAttempted.Count}): {string.Join(", ", notAttempted.Select(c => c.Grade.ExerciseId))}\n");
        return sb.ToString().TrimEnd('\n');
    }

    static string Indent(string text, int spaces = 6)
    {
        string pad = new(' ', spaces);
        return pad + text.TrimEnd().Replace("\n", "\n" + pad) + "\n";
    }

    static string Num(double x) => x.ToString("0.##", CultureInfo.InvariantCulture);
}
