using System.Text.RegularExpressions;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Notebooks 00 and 02, solved, executed by Jupyter (<c>jupyter nbconvert --execute</c> with the
/// tool's Jupyter kernel) reach their learning target and print the same text, cell by cell, as
/// <c>coursekit run</c> saves; only what changes from run to run is masked (durations, rates, wall
/// times, element ids). Category=Jupyter: CI installs Jupyter (.ci/install.d/60-jupyter.sh); a
/// machine without it skips, CI fails (COURSEKIT_CI=1). Both kernels run in the course's quick mode
/// (COURSEKIT_QUICK=1): this leg proves the kernel, and quick mode keeps the main training and the learning
/// target while it shortens the studies, which the solved-notebook tests run in full.
/// </summary>
[Collection("notebook runs")]
public partial class JupyterLegTests
{
    [SkippableTheory]
    [Trait("Category", "Jupyter")]
    [InlineData("00_tools.ipynb")]
    [InlineData("02_dqn_cartpole.ipynb")]
    public async Task Jupyter_runs_the_solved_notebook_like_coursekit_run(string notebook)
    {
        if (!JupyterLeg.Available())
        {
            const string missing = "Jupyter (jupyter-nbconvert, python3-nbclient, jupyter-client) is not installed; run `bash .ci/install.d/60-jupyter.sh`.";
            if (Environment.GetEnvironmentVariable("COURSEKIT_CI") == "1") Assert.Fail(missing);
            Skip.If(true, missing);
        }
        var layout = CourseCatalog.Courses["course"];
        var solved = SolutionSplicer.Solve(Notebook.Load(Path.Combine(layout.NotebooksDirectory, notebook)), CourseCatalog.SolutionsOf("course"));

        using var jupyter = new JupyterLeg();
        solved.Save(Path.Combine(jupyter.NotebooksDirectory, notebook));
        // Both kernels at once: the machine's two cores each run one.
        var quick = new Dictionary<string, string> { ["COURSEKIT_QUICK"] = "1" };
        var ours = NotebookRunner.RunAsync(solved, jupyter.NotebooksDirectory, new RunOptions { Environment = quick });
        var executedPath = await Task.Run(() => jupyter.Execute(notebook, TimeSpan.FromMinutes(10), quick));
        var coursekit = (await ours).Executed;
        var viaJupyter = Notebook.Load(executedPath);

        var jupyterCells = viaJupyter.Cells.Where(c => c.IsCode).ToList();
        var ourCells = coursekit.Cells.Where(c => c.IsCode).ToList();
        Assert.Equal(ourCells.Count, jupyterCells.Count);
        Assert.Contains(TextLines(jupyterCells.SelectMany(c => c.Outputs)), l => l.StartsWith("LEARNING TARGET:", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" PASS", StringComparison.Ordinal));
        for (int i = 0; i < ourCells.Count; i++)
            Assert.True(TextLines(ourCells[i].Outputs).SequenceEqual(TextLines(jupyterCells[i].Outputs)),
                $"{notebook}, code cell {i + 1}: coursekit run saved\n  {string.Join("\n  ", TextLines(ourCells[i].Outputs))}\nJupyter saved\n  {string.Join("\n  ", TextLines(jupyterCells[i].Outputs))}");
        // The live progress bar is saved at the end of the run in Jupyter too, never at 0 %.
        foreach (var html in jupyterCells.SelectMany(c => c.Outputs).Select(o => Text(o?["data"]?["text/html"])).Where(h => h.Contains("coursekit-progress")))
        {
            Assert.Contains("done in", html);
            Assert.DoesNotContain("(0%)", html);
        }
    }

    /// <summary>The text a reader sees (streams and text/plain), line by line, with run-dependent figures masked.</summary>
    internal static List<string> TextLines(IEnumerable<System.Text.Json.Nodes.JsonNode?> outputs) =>
        outputs.Select(o => (string?)o?["output_type"] == "stream" ? Text(o!["text"]) : Text(o?["data"]?["text/plain"]))
            .SelectMany(t => t.Split('\n'))
            .Select(l => Mask(l.TrimEnd('\r')))
            .Where(l => l.Length > 0)
            .ToList();

    static string Text(System.Text.Json.Nodes.JsonNode? node) =>
        node is System.Text.Json.Nodes.JsonArray a ? string.Concat(a.Select(l => (string?)l)) : (string?)node ?? "";

    internal static string Mask(string line)
    {
        line = WallTime().Replace(line, "Wall time: <t>");
        line = Rate().Replace(line, "<n> $1/s");
        line = Duration().Replace(line, "<t>");
        return ElementId().Replace(line, "$1-<id>");
    }

    [GeneratedRegex(@"Wall time: [\d.,]+\s*m?s")]
    private static partial Regex WallTime();

    [GeneratedRegex(@"[\d,.]+\s*(steps|episodes|updates|it|frames)/s")]
    private static partial Regex Rate();

    [GeneratedRegex(@"\b\d[\d,.]*\s*(ms|s|min|h)\b|\b\d+:\d\d(:\d\d)?\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"(coursekit-[a-z]+)-[0-9a-f]+-[0-9a-f]+")]
    private static partial Regex ElementId();
}
