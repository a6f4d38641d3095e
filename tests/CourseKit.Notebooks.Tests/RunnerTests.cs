using CourseKit.Notebooks.Grading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

public class RunnerTests
{
    static Notebook NotebookOf(params string[] cells)
    {
        var notebook = Notebook.CreatePolyglot();
        foreach (var cell in cells) notebook.AddCode(cell);
        return notebook;
    }

    [Fact]
    public async Task Stops_at_the_first_error_and_clears_the_cells_after_it()
    {
        var notebook = NotebookOf("1", "throw new Exception(\"stop\");", "3");
        notebook.Cells[2].ExecutionCount = 7; // a stale count from an earlier run
        var result = await NotebookRunner.RunAsync(notebook, TestPaths.NewTempDir());
        Assert.False(result.Succeeded);
        Assert.Equal(1, result.FirstFailedCell);
        Assert.Equal(2, result.Results.Count);
        Assert.Null(result.Executed.Cells[2].ExecutionCount);
        Assert.Empty(result.Executed.Cells[2].Outputs);
        Assert.Equal(7, notebook.Cells[2].ExecutionCount); // the input notebook is not changed
    }

    [Fact]
    public async Task A_cell_using_CourseKit_before_the_setup_cell_gets_a_console_hint_not_a_notebook_one()
    {
        var result = await NotebookRunner.RunAsync(NotebookOf("var t = torch.zeros(3);"), TestPaths.NewTempDir());
        Assert.Contains("error CS0103", result.Executed.ToJson());
        Assert.Contains("setup cell", result.Hint);
        Assert.DoesNotContain("setup cell", result.Executed.ToJson());   // the saved notebook is what the frontend saves
        var other = await NotebookRunner.RunAsync(NotebookOf("1 + ;"), TestPaths.NewTempDir());
        Assert.False(other.Succeeded);
        Assert.Null(other.Hint);   // only for unknown names
    }

    [Fact]
    public async Task The_course_knobs_reach_the_kernel_as_its_environment()
    {
        var options = new RunOptions { Environment = CourseKnobs.Environment(seed: 3, quick: true) };
        var result = await NotebookRunner.RunAsync(
            NotebookOf("Console.WriteLine($\"seed={Environment.GetEnvironmentVariable(\"COURSEKIT_SEED\")} quick={Environment.GetEnvironmentVariable(\"COURSEKIT_QUICK\")}\");"),
            TestPaths.NewTempDir(), options);
        Assert.True(result.Succeeded);
        Assert.Contains("seed=3 quick=1", result.Executed.ToJson());
        Assert.Empty(CourseKnobs.Environment(seed: null, quick: false));
        Assert.Throws<ArgumentOutOfRangeException>(() => CourseKnobs.Environment(seed: -1, quick: false));
    }

    [Fact]
    public async Task Continue_on_error_runs_everything()
    {
        var result = await NotebookRunner.RunAsync(NotebookOf("1", "undefinedName", "3"), TestPaths.NewTempDir(), new RunOptions { ContinueOnError = true });
        Assert.Equal(3, result.Results.Count);
        Assert.Equal(3, result.Executed.Cells[2].ExecutionCount);
    }

    [Fact]
    public async Task A_cell_over_its_time_limit_stops_the_kernel_and_ends_the_run()
    {
        var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(2), ContinueOnError = true };
        var result = await NotebookRunner.RunAsync(NotebookOf("while (true) { }", "2"), TestPaths.NewTempDir(), options);
        Assert.Single(result.Results);
        Assert.Equal("TimeoutError", result.Results[0].Result.Error!.EName);
        Assert.Contains("within 2 s", result.Results[0].Result.Error!.EValue);
        Assert.Empty(result.Executed.Cells[1].Outputs);
        Assert.Null(result.Executed.Cells[1].ExecutionCount);
    }

    [Fact]
    public async Task A_kernel_that_dies_mid_notebook_is_a_clear_error_and_the_run_stops()
    {
        var options = new RunOptions { ContinueOnError = true };
        var result = await NotebookRunner.RunAsync(NotebookOf("1", "Environment.Exit(3);", "2"), TestPaths.NewTempDir(), options);
        Assert.Equal(2, result.Results.Count);
        var error = result.Results[1].Result.Error!;
        Assert.Equal("KernelDied", error.EName);
        Assert.Contains("exit code", error.EValue);
        Assert.True(result.Results[0].Result.Succeeded);
    }

    [Fact]
    public async Task A_tool_that_cannot_be_restored_is_one_clear_error()
    {
        string root = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(root, ".config"));
        File.WriteAllText(Path.Combine(root, ".config", "dotnet-tools.json"),
            """{ "version": 1, "isRoot": true, "tools": { "microsoft.dotnet-interactive": { "version": "0.0.1-no-such-version", "commands": [ "dotnet-interactive" ] } } }""");
        var e = await Assert.ThrowsAsync<KernelUnavailableException>(() => NotebookRunner.RunAsync(NotebookOf("1"), root));
        Assert.Contains("dotnet tool restore", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Relative_r_finds_the_dll_and_its_dependencies_beside_it()
    {
        string dir = TestPaths.NewTempDir();
        string lib = Path.Combine(dir, "lib");
        Directory.CreateDirectory(lib);
        Emit("Dep", "public static class Dep { public static int Answer => 42; }", lib);
        Emit("Main", "public static class Api { public static int Get() => Dep.Answer; }", lib, Path.Combine(lib, "Dep.dll"));
        var result = await NotebookRunner.RunAsync(NotebookOf("#r \"lib/Main.dll\"\nApi.Get()"), dir);
        Assert.True(result.Succeeded, result.Executed.Cells[0].Outputs.ToJsonString());
        Assert.Contains("42", result.Executed.Cells[0].Outputs.ToJsonString());
    }

    [Fact]
    public async Task Solved_sample_notebook_runs_top_to_bottom_with_passing_self_checks()
    {
        var solved = SolutionSplicer.Solve(Notebook.Load(TestPaths.SampleNotebook), new SolutionStore(TestPaths.SampleCourse.SolutionsDirectory));
        var result = await NotebookRunner.RunAsync(solved, TestPaths.SampleCourse.NotebooksDirectory);
        Assert.True(result.Succeeded, string.Join("\n", result.Results.Select(r => r.Result.Error?.EValue)));
        string all = result.Executed.ToJson();
        Assert.Contains("basics.discounted_returns: 3/3 checks passed", all);
        Assert.Contains("G_0 = 0.81", all);
    }

    static void Emit(string name, string code, string dir, params string[] references)
    {
        var refs = KernelCompileSettings.FrameworkReferences.AddRange(references.Select(r => MetadataReference.CreateFromFile(r)));
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(code)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(Path.Combine(dir, name + ".dll"));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
