using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Every course notebook, solved, runs top to bottom headless as `coursekit run --solutions`
/// does. A notebook states its learning target in a cell that throws when the target is missed,
/// so reaching it is part of "runs". These runs are long for the real course: they carry the
/// trait Category=Notebook, which a student can filter out (see the README).
/// </summary>
[Collection("cli")] // changes the working directory, so it runs alone
public class SolvedNotebookTests
{
    [Theory]
    [Trait("Category", "Notebook")]
    [MemberData(nameof(CourseCatalog.Notebooks), MemberType = typeof(CourseCatalog))]
    public async Task Solved_notebook_runs_top_to_bottom(string course, string notebook)
    {
        var layout = CourseCatalog.Courses[course];
        var solved = SolutionSplicer.Solve(Notebook.Load(Path.Combine(layout.NotebooksDirectory, notebook)), CourseCatalog.SolutionsOf(course));
        var result = await NotebookRunner.RunAsync(solved, layout.NotebooksDirectory, new RunOptions { ProjectPackages = layout.ProjectPackages, UseNotebookFolderAsWorkingDirectory = true });
        var failure = result.Results.FirstOrDefault(r => !r.Result.Succeeded);
        Assert.True(result.Succeeded, $"{notebook}: cell {failure.CellIndex + 1} failed: {failure.Result?.Error?.EName}: {failure.Result?.Error?.EValue}");
        if (course != "course") return;

        // Every course notebook states its learning target in exactly one line, and reaches it.
        var targetLines = result.Results
            .SelectMany(r => r.Result.Outputs.OfType<StreamOutput>())
            .SelectMany(o => o.Text.Split('\n'))
            .Where(l => l.StartsWith("LEARNING TARGET:", StringComparison.Ordinal))
            .ToList();
        Assert.True(targetLines.Count == 1, $"{notebook}: expected exactly one 'LEARNING TARGET:' line, found {targetLines.Count}.");
        Assert.EndsWith(" PASS", targetLines[0].TrimEnd());
    }
}
