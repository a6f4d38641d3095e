using System.Text.Json.Nodes;
using CourseKit.Cli;

namespace CourseKit.Notebooks.Tests;

/// <summary>The coursekit command, invoked in-process on the sample course.</summary>
[Collection("cli")]
public class CliTests
{
    static readonly string Sample = TestPaths.SampleCourseDir;

    static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await CliApp.InvokeAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }

    static string[] SampleOptions => ["--root", TestPaths.RepoRoot, "--solutions-dir", Path.Combine(Sample, "solutions")];

    [Fact]
    public async Task Run_with_solutions_writes_the_executed_copy_and_exits_zero()
    {
        string outDir = TestPaths.NewTempDir();
        var (code, stdout, stderr) = await Run(["run", TestPaths.SampleNotebook, "--solutions", "--out", outDir, .. SampleOptions]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("[8/8]", stdout);
        var executed = Notebooks.Ipynb.Notebook.Load(Path.Combine(outDir, "basics.ipynb"));
        Assert.Contains("checks passed ✔", executed.ToJson());
    }

    [Fact]
    public async Task Run_of_the_student_edition_fails_at_the_first_unimplemented_use()
    {
        string outDir = TestPaths.NewTempDir();
        var (code, stdout, stderr) = await Run(["run", TestPaths.SampleNotebook, "--out", outDir, .. SampleOptions]);
        Assert.Equal(CliApp.Failure, code);
        Assert.Contains("NotImplementedException", stdout);
        Assert.Contains("cell 13 of basics.ipynb failed", stderr);
        Assert.True(File.Exists(Path.Combine(outDir, "basics.ipynb")));
    }

    [Fact]
    public async Task Solve_then_strip_restores_the_file_and_refuses_to_overwrite_the_input()
    {
        string dir = TestPaths.NewTempDir();
        string solved = Path.Combine(dir, "solved.ipynb"), stripped = Path.Combine(dir, "stripped.ipynb");
        Assert.Equal(0, (await Run(["solve", TestPaths.SampleNotebook, "--out", solved, .. SampleOptions])).Code);
        Assert.Equal(0, (await Run(["strip", solved, "--out", stripped])).Code);
        Assert.Equal(File.ReadAllBytes(TestPaths.SampleNotebook), File.ReadAllBytes(stripped));
        var same = await Run(["strip", solved, "--out", solved]);
        Assert.Equal(CliApp.Failure, same.Code);
        Assert.Contains("--out must differ from the input", same.Err);
    }

    [Fact]
    public async Task Grade_writes_results_json_and_summary()
    {
        string dir = TestPaths.NewTempDir();
        string solved = Path.Combine(dir, "sub", "basics.ipynb");
        await Run(["solve", TestPaths.SampleNotebook, "--out", solved, .. SampleOptions]);
        string outDir = Path.Combine(dir, "report");
        var (code, stdout, stderr) = await Run(["grade", Path.Combine(dir, "sub"), "--out", outDir, "--checks", Path.Combine(Sample, "HiddenChecks"),
            "--notebooks-dir", Path.Combine(Sample, "notebooks"), .. SampleOptions]);
        Assert.True(code == 0, stdout + stderr);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "results.json")))!;
        Assert.Equal(5.0, (double)results["score"]!);
        Assert.Equal(3, results["tests"]!.AsArray().Count);
        Assert.Contains("Total: **5 / 5**", File.ReadAllText(Path.Combine(outDir, "summary.md")));
    }

    [Theory]
    [InlineData("run", "/no/such.ipynb", "no such notebook")]
    [InlineData("solve", "/no/such.ipynb", "no such notebook")]
    [InlineData("grade", "/no/such/folder", "no such notebook or folder")]
    public async Task Missing_inputs_fail_cleanly_and_write_nothing(string command, string path, string expected)
    {
        string outDir = Path.Combine(TestPaths.NewTempDir(), "out");
        string[] args = command == "solve"
            ? [command, path, "--out", Path.Combine(outDir, "x.ipynb"), .. SampleOptions]
            : [command, path, "--out", outDir, .. SampleOptions];
        var (code, _, stderr) = await Run(args);
        Assert.Equal(CliApp.Failure, code);
        Assert.Contains(expected, stderr);
        Assert.False(Directory.Exists(outDir));
    }

    [Fact]
    public async Task Bad_json_and_duplicate_ids_fail_with_a_clear_message()
    {
        string dir = TestPaths.NewTempDir();
        string bad = Path.Combine(dir, "bad.ipynb");
        File.WriteAllText(bad, "{\n \"cells\": [\n");
        var badRun = await Run(["solve", bad, "--out", Path.Combine(dir, "o.ipynb"), .. SampleOptions]);
        Assert.Equal(CliApp.Failure, badRun.Code);
        Assert.Contains("not valid JSON at line", badRun.Err);

        var notebook = Notebooks.Ipynb.Notebook.CreatePolyglot();
        notebook.AddCode("// EXERCISE basics.linear_schedule (1 point)\nstatic int F() => 1;");
        notebook.AddCode("// EXERCISE basics.linear_schedule (1 point)\nstatic int F() => 1;");
        string dup = Path.Combine(dir, "dup.ipynb");
        notebook.Save(dup);
        var dupRun = await Run(["solve", dup, "--out", Path.Combine(dir, "o.ipynb"), .. SampleOptions]);
        Assert.Equal(CliApp.Failure, dupRun.Code);
        Assert.Contains("appears twice", dupRun.Err);
        Assert.False(File.Exists(Path.Combine(dir, "o.ipynb")));
    }

    [Fact]
    public async Task Check_passes_on_the_sample_course_and_fails_on_a_broken_one()
    {
        var ok = await Run(["check", "--notebooks-dir", Path.Combine(Sample, "notebooks"), .. SampleOptions]);
        Assert.True(ok.Code == 0, ok.Err);

        string solutions = TestPaths.NewTempDir();
        foreach (var f in Directory.EnumerateFiles(Path.Combine(Sample, "solutions")))
            File.Copy(f, Path.Combine(solutions, Path.GetFileName(f)));
        string path = Path.Combine(solutions, "basics.linear_schedule.cs");
        File.WriteAllText(path, File.ReadAllText(path).Replace("int durationSteps", "long durationSteps"));
        File.WriteAllText(Path.Combine(solutions, "basics.orphan.cs"), "// EXERCISE basics.orphan (1 point)\nstatic int F()\n{\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}\n");
        var broken = await Run(["check", "--root", TestPaths.RepoRoot, "--notebooks-dir", Path.Combine(Sample, "notebooks"), "--solutions-dir", solutions]);
        Assert.Equal(CliApp.Failure, broken.Code);
        Assert.Contains("the signature differs", broken.Err);
        Assert.Contains("no notebook has the exercise 'basics.orphan'", broken.Err);
    }
}

[CollectionDefinition("cli", DisableParallelization = true)]
public sealed class CliCollection;
