using System.Text.Json.Nodes;
using CourseKit.Cli;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

/// <summary>Written answers in the grader's output (results.json, summary.md, gradebook.csv, answers.csv) and TA scores merged from a CSV.</summary>
[Collection("cli")]
public class ManualScoreTests
{
    const string Q = "basics.why_discount";

    static NotebookGrade Notebook(params AnswerGrade[] answers) =>
        new("basics.ipynb", [new ExerciseGrade("basics.linear_schedule", 1, 1, GradeStatus.Passed, "All checks passed.", [], TimeSpan.Zero)], null, TimeSpan.Zero)
        { Answers = answers };

    static ClassGrades Class(params (string Student, AnswerGrade Answer)[] students) =>
        new(students.Select(s => new StudentGrade(s.Student, [Notebook(s.Answer)], false)).ToList(), [], "no sandbox", TimeSpan.Zero);

    [Fact]
    public void Results_json_has_a_hand_graded_test_per_answer_with_its_text()
    {
        var nb = Notebook(new AnswerGrade(Q, 2, "Later rewards count less."), new AnswerGrade("basics.other", 1, ""));
        var tests = JsonNode.Parse(GradeReports.ResultsJson([nb]))!["tests"]!.AsArray();
        var pending = tests.Single(t => (string)t!["name"]! == Q + " (written answer)")!.AsObject();
        Assert.Equal(["name", "score", "max_score", "visibility", "output"], pending.Select(p => p.Key));
        Assert.Equal((0.0, 2.0, "after_published"), ((double)pending["score"]!, (double)pending["max_score"]!, (string)pending["visibility"]!));
        Assert.StartsWith("Pending manual grading", (string)pending["output"]!);
        Assert.EndsWith("Answer:\nLater rewards count less.", (string)pending["output"]!);
        Assert.StartsWith("Not answered", (string)tests.Single(t => (string)t!["name"]! == "basics.other (written answer)")!["output"]!);
        Assert.Equal((1.0, 4.0), (nb.Score, nb.MaxScore));

        string summary = GradeReports.SummaryMarkdown([nb]);
        Assert.Contains("Total: **1 / 4** (1 written answer pending manual grading)", summary);
        Assert.Contains($"| `{Q}` | ? / 2 | pending manual grading |", summary);
        Assert.Contains("| `basics.other` | 0 / 1 | not answered |", summary);
        Assert.Contains("> Later rewards count less.", summary);
    }

    [Fact]
    public void The_gradebook_has_a_column_per_question_and_counts_pending_items()
    {
        var grades = Class(("ann", new AnswerGrade(Q, 2, "text")), ("ben", new AnswerGrade(Q, 2, "")), ("cy", new AnswerGrade(Q, 2, "x", 1.5, "ok")));
        var rows = Gradebook.Csv(grades).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"student,basics.linear_schedule,{Q},total,max,manual_pending,notes", rows[0]);
        Assert.Equal("ann,1,,1,3,1,", rows[1]);   // pending: empty, not 0
        Assert.Equal("ben,1,0,1,3,0,", rows[2]);  // not answered: 0, nothing pending
        Assert.Equal("cy,1,1.5,2.5,3,0,", rows[3]);
        var answers = Gradebook.AnswersCsv(grades).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("student,question,score,comment,max,status,answer", answers[0]);
        Assert.Equal($"ann,{Q},,,2,pending manual grading,text", answers[1]);
        Assert.Equal($"cy,{Q},1.5,ok,2,graded by hand,x", answers[3]);
    }

    [Fact]
    public void Ta_scores_merge_and_each_bad_row_says_what_to_fix()
    {
        var grades = Class(("ann", new AnswerGrade(Q, 2, "text")), ("ben", new AnswerGrade(Q, 2, "more")), ("cy", new AnswerGrade(Q, 2, "x")));
        string csv = Path.Combine(TestPaths.NewTempDir(), "scores.csv");
        File.WriteAllText(csv, string.Join("\n",
            "student,question,score,comment",
            $"ann,{Q},1.5,\"Good, but no finite sum.\"",
            $"ben,{Q},3,",
            $"dan,{Q},1,",
            "ann,basics.nope,1,",
            $"cy,{Q},two,",
            $"cy,{Q},",
            $"ann,{Q},2,second row",
            "just-one-cell",
            ""));
        var (merged, problems) = ManualScores.Merge(grades, csv);
        Assert.Equal([
            $"scores.csv line 3: score 3 for ben's {Q} is outside 0 to 2 (its points).",
            "scores.csv line 4: unknown student 'dan'; use a name from gradebook.csv (ann, ben, cy).",
            $"scores.csv line 5: 'basics.nope' is not a written question of ann's notebooks ({Q}).",
            "scores.csv line 6: score 'two' is not a number; write it like 1.5 (a dot for decimals).",
            $"scores.csv line 8: ann's {Q} was already scored on line 2; keep one row (the first was used).",
            "scores.csv line 9: 1 column(s); expected student,question,score[,comment].",
        ], problems);
        var ann = merged.Students[0];
        Assert.Equal((1.5, "Good, but no finite sum."), (ann.Notebooks[0].Answers[0].Score, ann.Notebooks[0].Answers[0].Comment));
        Assert.Equal(2.5, ann.Score);
        Assert.True(merged.Students[1].Notebooks[0].Answers[0].Pending);   // the refused row left ben pending
        Assert.True(merged.Students[2].Notebooks[0].Answers[0].Pending);   // an empty score is "not graded yet"
    }

    [Fact]
    public void Rows_without_a_header_are_student_question_score_comment()
    {
        var grades = Class(("ann", new AnswerGrade(Q, 2, "text")));
        string csv = Path.Combine(TestPaths.NewTempDir(), "s.csv");
        File.WriteAllText(csv, $"ann,{Q},2,\"multi\nline\"\r\n");
        var (merged, problems) = ManualScores.Merge(grades, csv);
        Assert.Empty(problems);
        Assert.Equal("multi\nline", merged.Students[0].Notebooks[0].Answers[0].Comment);
    }

    /// <summary>The sample course with a written question added to its notebook, in a temporary folder.</summary>
    static (string Notebooks, string Solutions) SampleCourseWithQuestion()
    {
        string root = TestPaths.NewTempDir();
        string notebooks = Path.Combine(root, "notebooks"), solutions = Path.Combine(root, "solutions");
        Directory.CreateDirectory(notebooks);
        Directory.CreateDirectory(Path.Combine(solutions, "answers"));
        foreach (var f in Directory.EnumerateFiles(TestPaths.SampleCourse.SolutionsDirectory)) File.Copy(f, Path.Combine(solutions, Path.GetFileName(f)));
        File.WriteAllText(Path.Combine(solutions, "answers", Q + ".md"), $"{AnswerMarker.Format(Q, 2)}\nLater rewards count less.\n\n**Rubric** 1 + 1\n");
        var nb = Ipynb.Notebook.Load(TestPaths.SampleNotebook);
        nb.AddMarkdown("**Why discount?**");
        nb.AddMarkdown(AnswerMarker.EmptyCell(AnswerMarker.Format(Q, 2)));
        nb.Save(Path.Combine(notebooks, "basics.ipynb"));
        return (notebooks, solutions);
    }

    [Fact]
    public async Task Grading_a_class_exports_answers_and_merges_the_ta_csv()
    {
        var (notebooks, solutions) = SampleCourseWithQuestion();
        string dir = TestPaths.NewTempDir(), subs = Path.Combine(dir, "subs"), outDir = Path.Combine(dir, "grades");
        foreach (var (student, answer) in new[] { ("ann", "Because later rewards are uncertain."), ("ben", "") })
        {
            var nb = Ipynb.Notebook.Load(Path.Combine(notebooks, "basics.ipynb"));
            if (answer.Length > 0) nb.Cells[^1].Source = AnswerMarker.Format(Q, 2) + "\n" + answer;
            Directory.CreateDirectory(Path.Combine(subs, student));
            nb.Save(Path.Combine(subs, student, "basics.ipynb"));
        }
        string scores = Path.Combine(dir, "scores.csv");
        File.WriteAllText(scores, $"student,question,score\nann,{Q},1.5\nben,{Q},9\n");
        string[] common = ["--out", outDir, "--class", "--checks", Path.Combine(TestPaths.SampleCourseDir, "HiddenChecks"), "--notebooks-dir", notebooks,
            "--root", TestPaths.RepoRoot, "--solutions-dir", solutions, "--sandbox", "Off"];

        var (code, stdout, stderr) = await Run(["grade", subs, .. common]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains("1 written answers pending manual grading", stdout);
        var csv = File.ReadAllText(Path.Combine(outDir, "gradebook.csv")).Split("\r\n");
        Assert.Equal($"student,basics.discounted_returns,basics.epsilon_greedy,basics.linear_schedule,{Q},total,max,manual_pending,notes", csv[0]);
        Assert.StartsWith("ann,0,0,0,,0,7,1,", csv[1]);
        Assert.StartsWith("ben,0,0,0,0,0,7,0,", csv[2]);
        Assert.Contains("Because later rewards are uncertain.", File.ReadAllText(Path.Combine(outDir, "answers.csv")));

        (code, stdout, stderr) = await Run(["grade", subs, "--manual", scores, .. common]);
        Assert.True(code == 0, stdout + stderr);
        Assert.Contains($"scores.csv line 3: score 9 for ben's {Q} is outside 0 to 2 (its points).", stderr);
        Assert.StartsWith("ann,0,0,0,1.5,1.5,7,0,", File.ReadAllText(Path.Combine(outDir, "gradebook.csv")).Split("\r\n")[1]);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "ann", "results.json")))!;
        Assert.Equal(1.5, (double)results["score"]!);
        var entry = results["tests"]!.AsArray().Single(t => (string)t!["name"]! == Q + " (written answer)")!;
        Assert.Equal(1.5, (double)entry["score"]!);
        Assert.StartsWith("Graded by hand: 1.5/2.", (string)entry["output"]!);
    }

    [Fact]
    public async Task Manual_scores_need_a_class_and_an_existing_file()
    {
        var (code, _, stderr) = await Run(["grade", TestPaths.SampleNotebook, "--out", TestPaths.NewTempDir(), "--manual", "/no/such/scores.csv",
            "--root", TestPaths.RepoRoot, "--solutions-dir", TestPaths.SampleCourse.SolutionsDirectory, "--sandbox", "Off"]);
        Assert.NotEqual(0, code);
        Assert.Contains("--manual /no/such/scores.csv does not exist", stderr);
    }

    static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = await CliApp.InvokeAsync(args, stdout, stderr);
        return (code, stdout.ToString(), stderr.ToString());
    }
}
