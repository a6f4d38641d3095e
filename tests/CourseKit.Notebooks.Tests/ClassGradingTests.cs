using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

/// <summary>A class folder of the sample course with every kind of bad input, graded, then graded again.</summary>
[Collection("grader")]
public class ClassGradingTests(GraderFixture fixture)
{
    static string SolvedSample(string dir)
    {
        string solved = Path.Combine(dir, "solved.ipynb");
        SolutionSplicer.Solve(Notebook.Load(TestPaths.SampleNotebook), new SolutionStore(TestPaths.SampleCourse.SolutionsDirectory)).Save(solved);
        return solved;
    }

    static void Put(string source, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path);
    }

    [Fact]
    public async Task Bad_input_is_reported_per_student_and_the_class_is_still_graded_then_resumed()
    {
        string root = TestPaths.NewTempDir(), subs = Path.Combine(root, "submissions"), output = Path.Combine(root, "grades");
        string solved = SolvedSample(root);
        Put(solved, Path.Combine(subs, "alice", "basics.ipynb"));
        File.WriteAllText(Path.Combine(subs, "alice", "notes.txt"), "my notes");
        Put(solved, Path.Combine(subs, "Alice.ipynb"));                                  // duplicate name
        Put(solved, Path.Combine(subs, "dave", "basics (3).ipynb"));                      // renamed by an LMS
        Put(TestPaths.SampleNotebook, Path.Combine(subs, "erin", "basics.ipynb"));        // untouched stubs
        Put(solved, Path.Combine(subs, "gus", "basics.ipynb"));                           // two uploads of one assignment
        Put(TestPaths.SampleNotebook, Path.Combine(subs, "gus", "basics (1).ipynb"));
        File.SetLastWriteTimeUtc(Path.Combine(subs, "gus", "basics (1).ipynb"), DateTime.UtcNow.AddDays(1));
        Directory.CreateDirectory(Path.Combine(subs, "carol"));                           // empty folder
        File.WriteAllText(Path.Combine(subs, "eve.ipynb"), "{\n \"cells\": [\n");         // corrupt JSON
        Put(TestPaths.Data("kernel-behaviours.ipynb"), Path.Combine(subs, "frank.ipynb")); // another course's notebook
        File.WriteAllText(Path.Combine(subs, "readme.txt"), "not a submission");

        var progress = new StringWriter();
        var first = await new ClassGrader(fixture.Grader, fixture.Grader.Options).GradeAsync(subs, output, progress);

        string Problem(string student) => string.Join("\n", first.Problems.Where(p => p.Student == student).Select(p => p.Message));
        Assert.Contains("notes.txt is not a notebook", Problem("alice (2)") + Problem("alice"));
        Assert.Contains("two submissions under one name", Problem("alice"));
        Assert.Contains("basics (3).ipynb is graded as basics.ipynb", Problem("dave"));
        Assert.Contains("graded basics.ipynb only", Problem("gus"));
        Assert.Contains("holds no notebook", Problem("carol"));
        Assert.Contains("not valid JSON at line", Problem("eve"));
        Assert.Contains("not a notebook of this course", Problem("frank"));
        Assert.Contains("readme.txt is not a notebook", Problem("readme"));

        double Score(ClassGrades g, string s) => g.Students.Single(x => x.Student == s).Score;
        Assert.Equal(5, Score(first, "Alice"));
        Assert.Equal(5, Score(first, "alice (2)"));
        Assert.Equal(5, Score(first, "dave"));
        Assert.Equal(5, Score(first, "gus"));   // the exact name wins over a newer renamed upload
        Assert.Equal(0, Score(first, "erin"));
        Assert.Equal(0, Score(first, "eve"));
        Assert.Equal(8, first.Students.Count);
        Assert.Contains("[8/8]", progress.ToString());

        string[] csv = File.ReadAllLines(Path.Combine(output, "gradebook.csv"));
        Assert.Equal("student,basics.discounted_returns,basics.epsilon_greedy,basics.linear_schedule,total,max,manual_pending,notes", csv[0]);
        Assert.Contains("dave,2,2,1,5,5,0,basics (3).ipynb is graded as basics.ipynb (renamed copy).", csv);
        string summary = File.ReadAllText(Path.Combine(output, "class-summary.md"));
        Assert.Contains("## Hardest exercises", summary);
        Assert.Contains("(NotAttempted) (failed by 1 of 5)", summary);

        // Second run: nothing changed, nothing re-graded; then one student changes their notebook.
        var second = await new ClassGrader(fixture.Grader, fixture.Grader.Options).GradeAsync(subs, output);
        Assert.All(second.Students, s => Assert.True(s.Reused, s.Student));
        Assert.Equal(first.Students.Select(s => s.Score), second.Students.Select(s => s.Score));
        File.Copy(solved, Path.Combine(subs, "erin", "basics.ipynb"), overwrite: true);
        var third = await new ClassGrader(fixture.Grader, fixture.Grader.Options).GradeAsync(subs, output);
        Assert.Equal(["erin"], third.Students.Where(s => !s.Reused).Select(s => s.Student));
        Assert.Equal(5, Score(third, "erin"));
    }

    [Fact]
    public async Task A_changed_grader_setting_regrades_everyone()
    {
        string root = TestPaths.NewTempDir(), subs = Path.Combine(root, "submissions"), output = Path.Combine(root, "grades");
        Put(SolvedSample(root), Path.Combine(subs, "amy", "basics.ipynb"));
        await new ClassGrader(fixture.Grader, fixture.Grader.Options).GradeAsync(subs, output);
        var again = await new ClassGrader(fixture.ShortLimitGrader, fixture.ShortLimitGrader.Options).GradeAsync(subs, output);
        Assert.False(again.Students.Single().Reused);
        Assert.Equal(5, again.Students.Single().Score);
    }

    [Fact]
    public async Task Without_the_sandbox_grading_still_works_and_every_report_says_so()
    {
        string root = TestPaths.NewTempDir(), subs = Path.Combine(root, "submissions"), output = Path.Combine(root, "grades");
        Put(SolvedSample(root), Path.Combine(subs, "amy", "basics.ipynb"));
        using var grader = Grader.ForCourse(TestPaths.SampleCourse, o => o with { Sandbox = new SandboxOptions(SandboxMode.Off) });
        var grades = await new ClassGrader(grader, grader.Options).GradeAsync(subs, output);
        Assert.Equal(5, grades.Students.Single().Score);
        Assert.StartsWith("UNSANDBOXED: the sandbox was turned off", grades.Isolation);
        Assert.Contains("UNSANDBOXED", File.ReadAllText(Path.Combine(output, "amy", "results.json")));
        Assert.Contains("UNSANDBOXED", File.ReadAllText(Path.Combine(output, "amy", "summary.md")));
        Assert.Contains("UNSANDBOXED", File.ReadAllText(Path.Combine(output, "class-summary.md")));
    }

    [Fact]
    public void Download_suffixes_map_to_the_assignment()
    {
        string[] refs = ["02_dqn_cartpole.ipynb", "00_tools.ipynb"];
        Assert.Equal("02_dqn_cartpole.ipynb", SubmissionFolder.Assignment("02_dqn_cartpole (3).ipynb", refs));
        Assert.Equal("02_dqn_cartpole.ipynb", SubmissionFolder.Assignment("02_DQN_cartpole-1.ipynb", refs));
        Assert.Equal("00_tools.ipynb", SubmissionFolder.Assignment("00_tools.ipynb", refs));
        Assert.Null(SubmissionFolder.Assignment("alice.ipynb", refs));
    }
}
