using System.Security.Cryptography;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

[Collection("grader")]
public class NotebookGradingTests(GraderFixture fixture)
{
    /// <summary>The sample notebook with exercise cells replaced by the given code (others stay stubs).</summary>
    static string Submission(Dictionary<string, string> code, bool dropLinearSchedule = false)
    {
        var notebook = Notebook.Load(TestPaths.SampleNotebook);
        foreach (var e in ExerciseExtractor.Extract(notebook))
            if (code.TryGetValue(e.Id, out var text)) notebook.Cells[e.CellIndex].Source = text;
        if (dropLinearSchedule)
        {
            var cell = notebook.Cells[ExerciseExtractor.Extract(notebook).Single(e => e.Id == "basics.linear_schedule").CellIndex];
            cell.Source = "// my notes";
        }
        string path = Path.Combine(TestPaths.NewTempDir(), "basics.ipynb");
        notebook.Save(path);
        return path;
    }

    [Fact]
    public async Task A_stuck_exercise_does_not_stop_the_others_and_the_file_is_untouched()
    {
        string loop = "// EXERCISE basics.epsilon_greedy (2 points)\nstatic int EpsilonGreedy(double[] qValues, double epsilon, Random rng)\n{\n    while (true) { }\n}";
        string path = Submission(new() { ["basics.discounted_returns"] = fixture.Solutions.Get("basics.discounted_returns").Code, ["basics.epsilon_greedy"] = loop });
        byte[] before = SHA256.HashData(File.ReadAllBytes(path));
        var stamp = File.GetLastWriteTimeUtc(path);

        var grade = await fixture.ShortLimitGrader.GradeNotebookAsync(path);

        Assert.Null(grade.Error);
        var byId = grade.Exercises.ToDictionary(e => e.ExerciseId);
        Assert.Equal(GradeStatus.Passed, byId["basics.discounted_returns"].Status);
        Assert.Equal(GradeStatus.TimedOut, byId["basics.epsilon_greedy"].Status);
        Assert.Equal(GradeStatus.NotAttempted, byId["basics.linear_schedule"].Status);
        Assert.Equal((2.0, 5.0), (grade.Score, grade.MaxScore));
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(path));
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public async Task A_renamed_submission_is_matched_to_its_reference_notebook_by_exercise_ids()
    {
        string path = Submission([], dropLinearSchedule: true);
        string renamed = Path.Combine(Path.GetDirectoryName(path)!, "basics (1).ipynb");
        File.Move(path, renamed);
        var grade = await fixture.Grader.GradeNotebookAsync(renamed);
        Assert.Equal(GradeStatus.Missing, grade.Exercises.Single(e => e.ExerciseId == "basics.linear_schedule").Status);
        Assert.Equal(5, grade.MaxScore);
    }

    [Fact]
    public async Task A_deleted_exercise_cell_is_reported_missing_with_its_points()
    {
        var grade = await fixture.Grader.GradeNotebookAsync(Submission([], dropLinearSchedule: true));
        var missing = grade.Exercises.Single(e => e.ExerciseId == "basics.linear_schedule");
        Assert.Equal(GradeStatus.Missing, missing.Status);
        Assert.Equal(1, missing.MaxScore);
        Assert.Equal(5, grade.MaxScore);
    }

    [Fact]
    public async Task Points_come_from_the_solution_not_from_the_students_marker()
    {
        string inflated = fixture.Solutions.Get("basics.linear_schedule").Code.Replace("(1 point)", "(100 points)");
        var grade = await fixture.Grader.GradeNotebookAsync(Submission(new() { ["basics.linear_schedule"] = inflated }));
        Assert.Equal(5, grade.MaxScore);
        Assert.Equal(1, grade.Score);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON at line 1")]
    [InlineData("{\"cells\": [], \"metadata\": {\"kernelspec\": {\"language\": \"python\"}}, \"nbformat\": 4, \"nbformat_minor\": 5}", "kernel is not C#")]
    public async Task Unreadable_submissions_are_not_graded_with_the_reason(string content, string expected)
    {
        string path = Path.Combine(TestPaths.NewTempDir(), "basics.ipynb");
        File.WriteAllText(path, content);
        var grade = await fixture.Grader.GradeNotebookAsync(path);
        Assert.Contains(expected, grade.Error);
        Assert.Empty(grade.Exercises);
    }

    [Fact]
    public async Task Gradescope_results_have_the_schema_fields()
    {
        var grade = await fixture.Grader.GradeNotebookAsync(Submission(new() { ["basics.linear_schedule"] = fixture.Solutions.Get("basics.linear_schedule").Code }));
        var json = System.Text.Json.Nodes.JsonNode.Parse(GradeReports.ResultsJson([grade]))!.AsObject();
        Assert.Equal(1.0, (double)json["score"]!);
        Assert.True((double)json["execution_time"]! > 0);
        var tests = json["tests"]!.AsArray();
        Assert.Equal(3, tests.Count);
        foreach (var t in tests)
            foreach (var key in new[] { "name", "score", "max_score", "status", "output" })
                Assert.True(t!.AsObject().ContainsKey(key), key);
        Assert.Contains(tests, t => (string?)t!["status"] == "passed" && (string?)t["name"] == "basics.linear_schedule");
        Assert.Contains("| `basics.linear_schedule` | 1 / 1 | Passed |", GradeReports.SummaryMarkdown([grade]));
    }
}
