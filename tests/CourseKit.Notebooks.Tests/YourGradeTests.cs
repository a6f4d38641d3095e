using CourseKit.Notebooks.Grading;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CourseKit.Notebooks.Tests;

/// <summary>Shows a text in `dotnet test`'s console output (an xunit diagnostic message; see xunit.runner.json).</summary>
public sealed class ConsoleNote(IMessageSink sink)
{
    public void Show(string text) => sink.OnMessage(new DiagnosticMessage(text));
}

/// <summary>
/// The student's own run: every exercise cell of the course's notebooks graded like `Your_exercise` does,
/// reported as one short list (✔ / ✘ with points, what failed, what is not attempted yet) and nothing of
/// the test harness. `dotnet test tests/CourseKit.Notebooks.Tests --filter FullyQualifiedName~Your_grade`.
/// </summary>
public class YourGradeTests(ConsoleNote console) : IClassFixture<ConsoleNote>
{
    [SkippableFact]
    public async Task Your_grade()
    {
        var grader = CourseCatalog.GraderFor("course");
        var cells = await Task.WhenAll(CourseCatalog.StudentExercises().Select(async row =>
        {
            string notebook = (string)row[1], id = (string)row[2];
            var cell = CourseCatalog.Cell("course", notebook, id);
            return new GradedCell(notebook, cell.CellIndex + 1, await grader.GradeExerciseAsync(id, cell.Code));
        }));
        string report = StudentReport.Format(cells);
        var failing = cells.Where(c => c.Grade.Status is not (GradeStatus.Passed or GradeStatus.NotAttempted)).ToList();
        if (failing.Count > 0)
            throw new GradeReportException(report + $"\n\n{failing.Count} attempted exercise{(failing.Count == 1 ? " is" : "s are")} not right yet.");
        console.Show(report);
        Skip.If(cells.All(c => c.Grade.Status == GradeStatus.NotAttempted), "nothing attempted yet: every exercise cell still holds its TODO stub.");
    }
}
