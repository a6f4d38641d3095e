using System.Diagnostics;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Release;

namespace CourseKit.Notebooks.Tests;

/// <summary>The student release: what it holds, what it refuses, and (slow) that it builds and its tests pass.</summary>
public class ReleaseTests
{
    static string BuildRelease()
    {
        string target = Path.Combine(TestPaths.NewTempDir(), "release");
        ReleasePipeline.Build(TestPaths.RepoRoot, target, "9.9.9-test");
        return target;
    }

    static IEnumerable<string> Relative(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'));

    [Fact]
    public void Release_holds_no_solution_hidden_check_or_solved_cell()
    {
        string release = BuildRelease();
        var files = Relative(release).ToList();
        Assert.DoesNotContain(files, f => f.StartsWith("solutions/", StringComparison.Ordinal) || f.Contains("/solutions/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("HiddenChecks/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.StartsWith("tests/CourseKit.Notebooks.Tests/", StringComparison.Ordinal));
        Assert.Contains("tests/CourseKit.Student.Tests/YourExerciseTests.cs", files);
        Assert.Equal("9.9.9-test\n", File.ReadAllText(Path.Combine(release, "VERSION")));
        string readme = File.ReadAllText(Path.Combine(release, "README.md"));
        Assert.Contains("release 9.9.9-test", readme);
        Assert.DoesNotContain("--solutions ", readme);
        Assert.Contains("CourseKit.Student.Tests", File.ReadAllText(Path.Combine(release, "CourseKit.sln")));

        // One stub per exercise, equal to the solution's stub, with no answer line in it.
        var solutions = new SolutionStore(Path.Combine(TestPaths.RepoRoot, "solutions"));
        Assert.Equal(solutions.Ids().Count, Directory.EnumerateFiles(Path.Combine(release, "exercises")).Count());
        foreach (var id in solutions.Ids())
        {
            string spec = File.ReadAllText(Path.Combine(release, "exercises", id + ".cs"));
            Assert.True(Stubs.IsUnchangedStub(Stubs.Strip(spec, id), solutions.Get(id).Stub), id);
            var regionLines = spec.Split('\n').SkipWhile(l => l.Trim() != ExerciseMarker.BeginSolution).Skip(1)
                .TakeWhile(l => l.Trim() != ExerciseMarker.EndSolution).ToList();
            Assert.Equal([ExerciseMarker.StubThrow], regionLines.Select(l => l.Trim()).Distinct());
        }
    }

    [Fact]
    public void Verification_refuses_a_release_with_a_solution_copied_anywhere()
    {
        string target = TestPaths.NewTempDir();
        var solutions = new SolutionStore(Path.Combine(TestPaths.RepoRoot, "solutions"));
        string leaked = Path.Combine(target, "src", "Hint.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(leaked)!);
        File.Copy(solutions.PathFor(solutions.Ids()[0]), leaked);
        var e = Assert.Throws<InvalidOperationException>(() => new VerifyNoAnswers().Run(new ReleaseContext(TestPaths.RepoRoot, target, "x")));
        Assert.Contains("src/Hint.cs", e.Message.Replace('\\', '/'));
        Assert.Contains("would leak answers", e.Message);
    }

    [Fact]
    public void A_non_empty_target_is_refused_and_left_alone()
    {
        string target = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(target, "keep.txt"), "mine");
        var e = Assert.Throws<InvalidOperationException>(() => ReleasePipeline.Build(TestPaths.RepoRoot, target, "x"));
        Assert.Contains("not empty", e.Message);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(target).Select(Path.GetFileName));
    }

    /// <summary>Slow (a full restore, build and test of the release): <c>--filter Category=Release</c>.</summary>
    [Fact]
    [Trait("Category", "Release")]
    public void Release_builds_and_its_dotnet_test_is_green()
    {
        string release = BuildRelease();
        var build = Dotnet(release, "build", "-c", "Release");
        Assert.True(build.Code == 0, build.Output);
        var test = Dotnet(release, "test", "-c", "Release", "--no-build");
        Assert.True(test.Code == 0, test.Output);
        Assert.Contains("CourseKit.Student.Tests.dll", test.Output);
        Assert.DoesNotContain("Failed!", test.Output);
        Assert.DoesNotContain(Relative(release), f => f.Contains("HiddenChecks", StringComparison.Ordinal) || f.StartsWith("solutions/", StringComparison.Ordinal));
    }

    static (int Code, string Output) Dotnet(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", args)
        {
            WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        // The release is tried as a student has it: CI's demand that browser checks run (with Chromium and
        // plotly.js installed into the repository) does not apply to it, so they skip with their install hint.
        start.Environment.Remove("COURSEKIT_REQUIRE_BROWSER");
        start.Environment.Remove("COURSEKIT_CI");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout + stderr.Result);
    }
}
