using System.Net;
using System.Net.Sockets;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// A class of the sample course with a hostile student per attack among ordinary ones, graded
/// once by <see cref="ClassGrader"/> in the OS sandbox; the tests below read the outcome.
/// </summary>
public sealed class HostileClassFixture : IAsyncLifetime
{
    /// <summary>Attack name → (the cell's first statement, a phrase the failure must hold).</summary>
    public static readonly Dictionary<string, (string Attack, string Reason)> Attacks = new();

    public static readonly string[] AttackNames =
    [
        "write-outside", "write-root", "read-other-student", "read-check-source", "read-check-assembly", "read-output-folder",
        "network", "fork-bomb", "native-4gb", "stdout-flood", "raw-stdout-flood", "file-handle-leak",
    ];

    public string Root { get; } = TestPaths.NewTempDir();
    public string Submissions => Path.Combine(Root, "submissions");
    public string Output => Path.Combine(Root, "grades");
    public string? Unavailable { get; private set; }
    public ClassGrades? Grades { get; private set; }
    public Dictionary<string, double> AloneScores { get; } = new();
    public (string Before, string After) RepoHash, SubmissionsHash;
    public List<int> LeftoverWorkers { get; } = [];
    public List<int> LeftoverHostile { get; } = [];
    public bool ListenerWasReached { get; private set; }
    public string Escape { get; } = Path.Combine(TestPaths.RepoRoot, $"escape-{Guid.NewGuid():N}.txt");
    public const string Marker = "HOSTILE_SANDBOX_TEST";

    public async Task InitializeAsync()
    {
        Unavailable = Sandbox.Unavailable;
        if (Unavailable is not null) return;
        string solved = Path.Combine(Root, "solved.ipynb");
        var solutions = new SolutionStore(TestPaths.SampleCourse.SolutionsDirectory);
        Notebooks.Exercises.SolutionSplicer.Solve(Notebooks.Ipynb.Notebook.Load(TestPaths.SampleNotebook), solutions).Save(solved);

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var grader = Grader.ForCourse(TestPaths.SampleCourse, o => o with
        {
            MemoryLimitBytes = 256L * 1024 * 1024,
            Sandbox = new SandboxOptions(SandboxMode.Required),
            CompileOverride = (code, name, path) => HostileCode.Compile(o.CourseKitDll, code, name, path),
        });
        string other = Path.Combine(Submissions, "amy", "basics.ipynb");
        string checkDll = grader.Options.CheckAssemblies.Single();
        string hiddenSource = Path.Combine(TestPaths.SampleCourseDir, "HiddenChecks", "BasicsHiddenChecks.cs");
        const string outside = "File access outside the sandbox";
        Attacks["write-outside"] = ($"System.IO.File.WriteAllText({HostileCode.Quote(Escape)}, \"x\");", outside);
        Attacks["write-root"] = ("System.IO.File.WriteAllText(\"/escape.txt\", \"x\");", "Writing outside the scratch folder");
        Attacks["read-other-student"] = ($"Console.WriteLine(System.IO.File.ReadAllText({HostileCode.Quote(other)}));", outside);
        Attacks["read-check-source"] = ($"Console.WriteLine(System.IO.File.ReadAllText({HostileCode.Quote(hiddenSource)}));", outside);
        Attacks["read-check-assembly"] = ($"Console.WriteLine(System.IO.File.ReadAllBytes({HostileCode.Quote(checkDll)}).Length);", outside);
        Attacks["read-output-folder"] = ($"Console.WriteLine(string.Join(\",\", System.IO.Directory.GetFiles({HostileCode.Quote(Output)})));", outside);
        Attacks["network"] = ($"new System.Net.Sockets.TcpClient().Connect(\"127.0.0.1\", {port});", "the grading sandbox has no network");
        Attacks["fork-bomb"] = ($"System.Diagnostics.Process.Start(\"/bin/sh\", new[] {{ \"-c\", \"f() {{ f | f & }}; f # {Marker}\" }}); System.Threading.Thread.Sleep(60000);",
            "Process limit exceeded");
        Attacks["native-4gb"] = ("var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(new IntPtr(4L << 30)); " +
                                 "for (long i = 0; i < (4L << 30); i += 4096) System.Runtime.InteropServices.Marshal.WriteByte(p + (nint)i, 1);",
            "Memory limit exceeded");
        Attacks["stdout-flood"] = ("var chunk = new string('x', 1 << 20); for (int i = 0; i < 100; i++) Console.Write(chunk);", "Output limit exceeded");
        Attacks["raw-stdout-flood"] = ("var o = Console.OpenStandardOutput(); var b = new byte[1 << 20]; for (int i = 0; i < 100; i++) o.Write(b, 0, b.Length);",
            "Output limit exceeded");
        Attacks["file-handle-leak"] = ("var held = new List<object>(); for (int i = 0; ; i++) held.Add(System.IO.File.Create(\"/tmp/leak\" + i));",
            "File-handle limit");

        Assert.Equal(AttackNames.Order(), Attacks.Keys.Order());
        // Ordinary students: one full marks, one partly wrong (forgets the discount).
        Directory.CreateDirectory(Path.GetDirectoryName(other)!);
        File.Copy(solved, other);
        HostileCode.WriteSubmission(solved, HostileCode.Cell("gamma = 1;"), Path.Combine(Submissions, "ben", "basics.ipynb"));
        foreach (var (name, (attack, _)) in Attacks)
            HostileCode.WriteSubmission(solved, HostileCode.Cell(attack), Path.Combine(Submissions, name, "basics.ipynb"));

        foreach (var s in new[] { "amy", "ben" })
            AloneScores[s] = (await grader.GradeNotebookAsync(Path.Combine(Submissions, s, "basics.ipynb"))).Score;

        string repoBefore = HostileCode.TreeHash(TestPaths.RepoRoot, "out"), subsBefore = HostileCode.TreeHash(Submissions);
        Grades = await new ClassGrader(grader, grader.Options).GradeAsync(Submissions, Output);
        RepoHash = (repoBefore, HostileCode.TreeHash(TestPaths.RepoRoot, "out"));
        SubmissionsHash = (subsBefore, HostileCode.TreeHash(Submissions));
        LeftoverWorkers.AddRange(HostileCode.ProcessesWith(grader.WorkerToken));
        LeftoverHostile.AddRange(HostileCode.ProcessesWith(Marker));
        ListenerWasReached = listener.Pending();
    }

    public Task DisposeAsync()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return Task.CompletedTask;
    }
}

/// <summary>Every attack fails only its own exercise, with a reason naming it, and changes nothing outside the sandbox.</summary>
[Trait("Category", "Sandbox")]
public class SandboxTests(HostileClassFixture fixture) : IClassFixture<HostileClassFixture>
{
    ClassGrades Graded()
    {
        // CI installs bubblewrap (.ci/install.d/30-sandbox.sh): there a missing sandbox is a failure, not a skip.
        if (fixture.Unavailable is not null && Environment.GetEnvironmentVariable("COURSEKIT_CI") == "1")
            Assert.Fail("No sandbox on CI: " + fixture.Unavailable);
        Skip.If(fixture.Unavailable is not null, fixture.Unavailable);
        return fixture.Grades!;
    }

    public static TheoryData<string> AttackNames() => new(HostileClassFixture.AttackNames);

    [SkippableTheory]
    [MemberData(nameof(AttackNames))]
    public void Attack_fails_its_exercise_with_a_reason_naming_it(string attack)
    {
        var grades = Graded();
        var student = grades.Students.Single(s => s.Student == attack);
        var exercises = student.Notebooks.Single().Exercises;
        var target = exercises.Single(e => e.ExerciseId == "basics.discounted_returns");
        Assert.Equal(0, target.Score);
        Assert.NotEqual(GradeStatus.Passed, target.Status);
        string reason = HostileClassFixture.Attacks[attack].Reason;
        Assert.True(target.Report().Contains(reason, StringComparison.Ordinal), $"expected \"{reason}\" in:\n{target.Report()}");
        // The same student's other exercises are untouched by the attack.
        Assert.All(exercises.Where(e => e != target), e => Assert.True(e.Status == GradeStatus.Passed, e.Report()));
    }

    [SkippableFact]
    public void Ordinary_students_get_the_score_they_get_when_graded_alone()
    {
        var grades = Graded();
        Assert.Equal(5, fixture.AloneScores["amy"]);
        Assert.True(fixture.AloneScores["ben"] is > 0 and < 5, $"ben alone: {fixture.AloneScores["ben"]}");
        foreach (var (name, alone) in fixture.AloneScores)
            Assert.Equal(alone, grades.Students.Single(s => s.Student == name).Score);
    }

    [SkippableFact]
    public void Nothing_outside_the_sandbox_changed_and_nothing_is_left_running()
    {
        Graded();
        Assert.False(File.Exists(fixture.Escape), "a submission wrote into the repository");
        Assert.Equal(fixture.RepoHash.Before, fixture.RepoHash.After);
        Assert.Equal(fixture.SubmissionsHash.Before, fixture.SubmissionsHash.After);
        Assert.Empty(fixture.LeftoverWorkers);
        Assert.Empty(fixture.LeftoverHostile);
        Assert.False(fixture.ListenerWasReached, "a submission reached the test's local listener");
    }

    [SkippableFact]
    public void Output_folder_holds_only_the_reports()
    {
        var grades = Graded();
        var allowed = new HashSet<string> { "results.json", "summary.md", "grade.json" };
        var top = Directory.EnumerateFiles(fixture.Output).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(["class-summary.md", "gradebook.csv", "manifest.json"], top);
        foreach (var dir in Directory.EnumerateDirectories(fixture.Output))
            Assert.All(Directory.EnumerateFileSystemEntries(dir), f => Assert.Contains(Path.GetFileName(f), allowed));
        Assert.Equal(grades.Students.Count, Directory.EnumerateDirectories(fixture.Output).Count());
        Assert.StartsWith("Sandboxed with bubblewrap", grades.Isolation);
        Assert.Contains("Sandboxed with bubblewrap", File.ReadAllText(Path.Combine(fixture.Output, "amy", "results.json")));
    }
}

/// <summary>
/// Where no cgroup can be had the /proc watchdog alone must stop a native-memory hog. (A fork
/// bomb is not run without a pids cgroup: on a shared machine, the 100 ms between two polls is
/// enough for it to take pids from other users' processes.)
/// </summary>
[Trait("Category", "Sandbox")]
public class SandboxWatchdogTests
{
    [SkippableFact]
    public async Task Without_cgroups_the_watchdog_stops_4_gb_of_native_memory()
    {
        if (Sandbox.Unavailable is { } why && Environment.GetEnvironmentVariable("COURSEKIT_CI") == "1") Assert.Fail("No sandbox on CI: " + why);
        Skip.If(Sandbox.Unavailable is not null, Sandbox.Unavailable);
        using var grader = Grader.ForCourse(TestPaths.SampleCourse, o => o with
        {
            MemoryLimitBytes = 256L * 1024 * 1024,
            Sandbox = new SandboxOptions(SandboxMode.Required) { UseCgroups = false },
            CompileOverride = (code, name, path) => HostileCode.Compile(o.CourseKitDll, code, name, path),
        });
        Assert.Contains("watchdog on VmRSS", grader.Isolation);
        var grade = await grader.GradeExerciseAsync("basics.discounted_returns", HostileCode.Cell(
            "var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(new IntPtr(4L << 30)); " +
            "for (long i = 0; i < (4L << 30); i += 4096) System.Runtime.InteropServices.Marshal.WriteByte(p + (nint)i, 1);"));
        Assert.Contains("Memory limit exceeded: the code used more than 768 MB", grade.Summary);
        Assert.Equal(0, grade.Score);
        Assert.Empty(HostileCode.ProcessesWith(grader.WorkerToken));
    }
}
