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
    public async Task A_cell_using_CourseKit_before_the_setup_cell_says_to_run_the_setup_cell()
    {
        var result = await NotebookRunner.RunAsync(NotebookOf("var t = torch.zeros(3);"), TestPaths.NewTempDir());
        var error = result.Results.Single().Result.Error!;
        Assert.Contains("CS0103", error.EValue);
        Assert.Contains("setup cell", error.EValue);
        var other = await NotebookRunner.RunAsync(NotebookOf("1 + ;"), TestPaths.NewTempDir());
        Assert.DoesNotContain("setup cell", other.Results.Single().Result.Error!.EValue);   // only for unknown names
    }

    [Fact]
    public async Task Continue_on_error_runs_everything()
    {
        var result = await NotebookRunner.RunAsync(NotebookOf("1", "undefinedName", "3"), TestPaths.NewTempDir(), new RunOptions { ContinueOnError = true });
        Assert.Equal(3, result.Results.Count);
        Assert.Equal(3, result.Executed.Cells[2].ExecutionCount);
    }

    [Fact]
    public async Task A_cell_over_its_time_limit_fails_and_ends_the_run()
    {
        var options = new RunOptions { CellTimeout = TimeSpan.FromSeconds(1), ContinueOnError = true };
        var result = await NotebookRunner.RunAsync(NotebookOf("while (true) { }", "2"), TestPaths.NewTempDir(), options);
        Assert.Single(result.Results);
        Assert.Equal("TimeoutError", result.Results[0].Result.Error!.EName);
        Assert.Contains("within 1 s", result.Results[0].Result.Error!.EValue);
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
    public async Task Nuget_CourseKit_maps_to_the_local_build_and_a_missing_build_says_what_to_run()
    {
        var packages = new Dictionary<string, string> { ["CourseKit"] = TestPaths.SampleCourse.CourseKitDll };
        var ok = await NotebookRunner.RunAsync(NotebookOf("#r \"nuget:CourseKit, 1.0.0\"\ntypeof(CourseKit.Checks.SelfCheck).Name"),
            TestPaths.NewTempDir(), new RunOptions { ProjectPackages = packages });
        Assert.True(ok.Succeeded, ok.Executed.Cells[0].Outputs.ToJsonString());

        var missing = new Dictionary<string, string> { ["CourseKit"] = "/nowhere/CourseKit.dll" };
        var bad = await NotebookRunner.RunAsync(NotebookOf("#r \"nuget:CourseKit\""), TestPaths.NewTempDir(), new RunOptions { ProjectPackages = missing });
        Assert.Contains("Run 'dotnet build'", bad.Results[0].Result.Error!.EValue);
    }

    [Fact]
    public async Task Solved_sample_notebook_runs_top_to_bottom_with_passing_self_checks()
    {
        var solved = SolutionSplicer.Solve(Notebook.Load(TestPaths.SampleNotebook), new SolutionStore(TestPaths.SampleCourse.SolutionsDirectory));
        var result = await NotebookRunner.RunAsync(solved, TestPaths.SampleCourse.NotebooksDirectory);
        Assert.True(result.Succeeded, string.Join("\n", result.Results.Select(r => r.Result.Error?.EValue)));
        string all = result.Executed.ToJson();
        Assert.Contains("basics.discounted_returns: 3/3 checks passed", all);
        Assert.Contains("<b>G_0 = 0.81</b>", all);
    }

    static void Emit(string name, string code, string dir, params string[] references)
    {
        var refs = ScriptEnvironment.FrameworkReferences.AddRange(references.Select(r => MetadataReference.CreateFromFile(r)));
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(code)], refs,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var emitted = compilation.Emit(Path.Combine(dir, name + ".dll"));
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
    }
}
