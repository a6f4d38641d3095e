using CourseKit.Cli;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

/// <summary>The TorchSharp edition of the course's code: derived line by line from the CourseKit edition, and back.</summary>
public class TensorBackendEditionTests
{
    const string SetupCell =
        "// Setup: run this cell first. It loads CourseKit from artifacts/lib, which `dotnet build` in the repository root\n" +
        "// writes. If #r fails with \"could not be found\" (error CS0006), run `dotnet build` there once, then run this cell again.\n" +
        "#r \"../artifacts/lib/CourseKit.dll\"\n" +
        "using CourseKit.Torch;                  // tensors\n" +
        "using static CourseKit.Torch.torch;\n" +
        "using static CourseKit.Torch.torch.nn;  // Linear, ReLU\n" +
        "using CourseKit.Torch.Modules;\n" +
        "using CourseKit.Envs;\n" +
        "var x = CourseKit.Torch.torch.zeros(3); // not a using line: left alone";

    [Fact]
    public void The_torchsharp_edition_swaps_the_using_lines_the_reference_and_the_setup_comment_only()
    {
        string ts = TensorBackends.RewriteCode(SetupCell, TensorBackend.TorchSharp);
        Assert.Equal(
            "// Setup: run this cell first. It loads CourseKit built on TorchSharp from artifacts/lib-torchsharp, which\n" +
            "// `dotnet build -p:TensorBackend=TorchSharp` in the repository root writes. If #r fails with \"could not be found\"\n" +
            "// (error CS0006), run that command there once, then run this cell again.\n" +
            "#r \"../artifacts/lib-torchsharp/TorchSharp.dll\"\n" +
            "#r \"../artifacts/lib-torchsharp/CourseKit.dll\"\n" +
            "using TorchSharp;                       // tensors\n" +
            "using static TorchSharp.torch;\n" +
            "using static TorchSharp.torch.nn;       // Linear, ReLU\n" +
            "using TorchSharp.Modules;\n" +
            "using CourseKit.Envs;\n" +
            "var x = CourseKit.Torch.torch.zeros(3); // not a using line: left alone", ts);
    }

    [Fact]
    public void Rewriting_is_idempotent_and_goes_back_to_the_coursekit_edition()
    {
        string ts = TensorBackends.RewriteCode(SetupCell, TensorBackend.TorchSharp);
        Assert.Equal(ts, TensorBackends.RewriteCode(ts, TensorBackend.TorchSharp));
        Assert.Equal(SetupCell, TensorBackends.RewriteCode(SetupCell, TensorBackend.CourseKit));
        string back = TensorBackends.RewriteCode(ts, TensorBackend.CourseKit);
        // The trailing comments' columns follow the shorter TorchSharp lines; everything else is the original.
        Assert.Equal(SetupCell.Split('\n').Select(Normalise), back.Split('\n').Select(Normalise));
        static string Normalise(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Crlf_line_endings_and_indented_usings_are_kept()
    {
        string code = "namespace N\r\n{\r\n    using CourseKit.Torch;\r\n}";
        Assert.Equal("namespace N\r\n{\r\n    using TorchSharp;\r\n}", TensorBackends.RewriteCode(code, TensorBackend.TorchSharp));
    }

    [Fact]
    public void Every_course_notebook_and_solution_has_a_torchsharp_edition_that_names_no_coursekit_engine_namespace()
    {
        var layout = CourseLayout.ForRepository(TestPaths.RepoRoot);
        foreach (var path in Directory.EnumerateFiles(layout.NotebooksDirectory, "*.ipynb"))
        {
            var notebook = Notebook.Load(path);
            Assert.Equal(TensorBackend.CourseKit, TensorBackends.EditionOf(notebook));
            var edition = TensorBackends.Rewrite(notebook, TensorBackend.TorchSharp);
            Assert.Equal(TensorBackend.TorchSharp, TensorBackends.EditionOf(edition));
            foreach (var cell in edition.Cells.Where(c => c.IsCode))
                Assert.DoesNotContain("CourseKit.Torch", cell.Source);
            // Only the code changes, and the course's own notebook is untouched.
            Assert.Equal(notebook.Cells.Count, edition.Cells.Count);
            Assert.Equal(File.ReadAllBytes(path), notebook.ToBytes());
        }
        foreach (var id in new SolutionStore(layout.SolutionsDirectory).Ids())
            Assert.DoesNotContain("CourseKit.Torch", TensorBackends.RewriteCode(File.ReadAllText(Path.Combine(layout.SolutionsDirectory, id + ".cs")), TensorBackend.TorchSharp));
    }

    [Theory]
    [InlineData("torchsharp", TensorBackend.TorchSharp)]
    [InlineData("TorchSharp", TensorBackend.TorchSharp)]
    [InlineData("coursekit", TensorBackend.CourseKit)]
    public void Backend_names_parse(string text, TensorBackend expected) => Assert.Equal(expected, TensorBackends.Parse(text));

    [Fact]
    public void An_unknown_backend_is_refused_with_the_two_names()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorBackends.Parse("pytorch"));
        Assert.Contains("coursekit", e.Message);
        Assert.Contains("torchsharp", e.Message);
    }
}

/// <summary>The runner's console hint when a cell of one edition runs after the other edition's setup cell.</summary>
public class EditionMismatchHintTests
{
    static Running.CellResult Failed(string stderr) =>
        new(3, [new Running.StreamOutput("stderr", stderr), new Running.ErrorOutput("Error", "compilation error", [])], TimeSpan.Zero);

    [Fact]
    public void An_engine_cell_after_the_torchsharp_setup_gets_the_torchsharp_using_lines()
    {
        var cell = Failed("(1,17): error CS0234: The type or namespace name 'Torch' does not exist in the namespace 'CourseKit' (are you missing an assembly reference?)");
        string setup = TensorBackends.RewriteCode("#r \"../artifacts/lib/CourseKit.dll\"", TensorBackend.TorchSharp);
        Assert.Equal(Running.SetupHint.EngineCellOnTorchSharp, Running.SetupHint.For(cell, [setup]));
        Assert.Null(Running.SetupHint.For(cell, ["#r \"../artifacts/lib/CourseKit.dll\""]));
    }

    [Fact]
    public void A_torchsharp_cell_after_the_engine_setup_gets_the_engine_using_lines()
    {
        var cell = Failed("(1,7): error CS0246: The type or namespace name 'TorchSharp' could not be found (are you missing a using directive or an assembly reference?)");
        Assert.Equal(Running.SetupHint.TorchSharpCellOnEngine, Running.SetupHint.For(cell, ["#r \"../artifacts/lib/CourseKit.dll\""]));
        // Before any setup cell the advice is still to run the setup cell.
        Assert.Equal(Running.SetupHint.Text, Running.SetupHint.For(cell, []));
    }
}

/// <summary>The CLI's backend switches, on the sample course.</summary>
[Collection("cli")]
public class BackendCliTests
{
    static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await CliApp.InvokeAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A repository copy with the sample notebook in notebooks/ and no artifacts/ at all.</summary>
    static string RepositoryWithoutArtifacts()
    {
        string root = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(root, "CourseKit.sln"), "");
        Directory.CreateDirectory(Path.Combine(root, "notebooks"));
        File.Copy(TestPaths.SampleNotebook, Path.Combine(root, "notebooks", "basics.ipynb"));
        return root;
    }

    [Fact]
    public async Task An_unknown_backend_stops_run_and_grade_with_the_allowed_names()
    {
        var run = await Run("run", TestPaths.SampleNotebook, "--backend", "cuda", "--root", TestPaths.RepoRoot, "--out", TestPaths.NewTempDir());
        Assert.Equal(CliApp.Failure, run.Code);
        Assert.Contains("--backend 'cuda' is not a tensor backend: use coursekit", run.Err);
        var grade = await Run("grade", TestPaths.SampleNotebook, "--backend", "cuda", "--root", TestPaths.RepoRoot, "--out", TestPaths.NewTempDir());
        Assert.Equal(CliApp.Failure, grade.Code);
        Assert.Contains("is not a tensor backend", grade.Err);
    }

    [Fact]
    public async Task A_backend_whose_library_is_not_built_names_the_build_command()
    {
        string root = RepositoryWithoutArtifacts();
        var run = await Run("run", Path.Combine(root, "notebooks", "basics.ipynb"), "--backend", "torchsharp", "--root", root, "--out", TestPaths.NewTempDir());
        Assert.Equal(CliApp.Failure, run.Code);
        Assert.Contains("run `dotnet build -p:TensorBackend=TorchSharp`", run.Err);
    }

    [Fact]
    public async Task Edition_writes_every_notebook_beside_notebooks_and_refuses_other_folders()
    {
        string root = RepositoryWithoutArtifacts();
        var ok = await Run("edition", "--backend", "torchsharp", "--root", root);
        Assert.True(ok.Code == 0, ok.Out + ok.Err);
        var written = Notebook.Load(Path.Combine(root, "notebooks-torchsharp", "basics.ipynb"));
        Assert.Equal(TensorBackend.TorchSharp, TensorBackends.EditionOf(written));

        var elsewhere = await Run("edition", "--backend", "torchsharp", "--root", root, "--out", Path.Combine(root, "a", "b"));
        Assert.Equal(CliApp.Failure, elsewhere.Code);
        Assert.Contains("must be a folder directly under the repository root", elsewhere.Err);
        var over = await Run("edition", "--backend", "torchsharp", "--root", root, "--out", Path.Combine(root, "notebooks"));
        Assert.Equal(CliApp.Failure, over.Code);
        Assert.Contains("never overwritten", over.Err);
    }
}
