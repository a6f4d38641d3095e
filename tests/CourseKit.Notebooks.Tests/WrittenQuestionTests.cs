using System.Text.Json.Nodes;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Release;

namespace CourseKit.Notebooks.Tests;

/// <summary>Written questions: the answer marker, model answers, the consistency rules, solve/strip and the release.</summary>
public class WrittenQuestionTests
{
    const string Question = "basics.why_discount";

    /// <summary>A notebook with one exercise-free question (question cell, then its empty answer cell).</summary>
    internal static Notebook WithQuestion(string id = Question, int points = 2, string? answerCell = null)
    {
        var notebook = Notebook.CreatePolyglot();
        notebook.AddMarkdown("**Why discount?** Explain γ < 1 in two sentences.");
        notebook.AddMarkdown(answerCell ?? AnswerMarker.EmptyCell(AnswerMarker.Format(id, points)));
        return notebook;
    }

    /// <summary>A solutions folder holding only a model answer for <see cref="Question"/>.</summary>
    internal static SolutionStore SolutionsWithModel(int points = 2)
    {
        string dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "answers"));
        File.WriteAllText(Path.Combine(dir, "answers", Question + ".md"),
            $"{AnswerMarker.Format(Question, points)}\nA reward later is worth less than now, and the sum of rewards stays finite.\n\n**Rubric**\n- 1 point: time preference\n- 1 point: a finite sum\n");
        return new SolutionStore(dir);
    }

    [Theory]
    [InlineData("<!-- ANSWER dqn.why_off_policy (2 points) -->", "dqn.why_off_policy", 2)]
    [InlineData("<!--ANSWER dqn.a_b (1 point)-->", "dqn.a_b", 1)]
    [InlineData("  <!-- ANSWER x.y (10 points) -->  \nmore", "x.y", 10)]
    public void A_marker_gives_id_and_points(string text, string id, int points) =>
        Assert.Equal((id, points), AnswerMarker.Parse(text, "cell"));

    [Theory]
    [InlineData("<!-- ANSWER dqn.why -->")]
    [InlineData("<!-- ANSWER dqn.why (2 points)")]
    [InlineData("<!-- ANSWER Dqn.Why (2 points) -->")]
    [InlineData("<!-- ANSWER why (2 points) -->")]
    [InlineData("<!-- ANSWER dqn.why (two points) -->")]
    [InlineData("<!-- ANSWER dqn.why (0 points) -->")]
    public void A_malformed_marker_says_what_is_expected(string text)
    {
        var e = Assert.Throws<ExerciseFormatException>(() => AnswerMarker.Parse(text, "nb: cell 3"));
        Assert.StartsWith("nb: cell 3: ", e.Message);
        Assert.True(e.Message.Contains("<!-- ANSWER <topic>.<name> (<n> points) -->") || e.Message.Contains("at least 1"), e.Message);
    }

    [Theory]
    [InlineData("<!-- a comment -->\ntext")]
    [InlineData("ANSWER dqn.why (2 points)")]
    [InlineData("# <!-- ANSWER dqn.why (2 points) -->")]
    public void Other_text_is_no_marker(string text) => Assert.Null(AnswerMarker.Parse(text, "cell"));

    [Fact]
    public void The_answer_text_drops_marker_and_placeholder()
    {
        Assert.Equal("", AnswerMarker.AnswerText("<!-- ANSWER a.b (1 point) -->\n*Your answer here.*\n\n"));
        Assert.Equal("Because.\nReally.", AnswerMarker.AnswerText("<!-- ANSWER a.b (1 point) -->\r\n*Your answer here.*\r\nBecause.\r\nReally.\r\n"));
    }

    [Fact]
    public void Answer_cells_are_found_in_markdown_only_and_ids_must_be_unique()
    {
        var notebook = WithQuestion();
        notebook.AddCode(AnswerMarker.Format("basics.in_code", 1)); // a code cell is never an answer cell
        var questions = QuestionExtractor.Extract(notebook);
        var q = Assert.Single(questions);
        Assert.Equal((Question, 2, 1, false), (q.Id, q.Points, q.CellIndex, q.Answered));

        notebook.AddMarkdown(AnswerMarker.Format(Question, 2) + "\nagain");
        var e = Assert.Throws<ExerciseFormatException>(() => QuestionExtractor.Extract(notebook));
        Assert.Contains($"'{Question}' appears twice (cells 2 and 4)", e.Message);
    }

    [Fact]
    public void A_question_may_not_reuse_an_exercise_id()
    {
        var notebook = WithQuestion("basics.linear_schedule");
        notebook.AddCode(ExerciseMarker.Format("basics.linear_schedule", 1) + "\nstatic double F() => 0;");
        var e = Assert.Throws<ExerciseFormatException>(() => QuestionExtractor.Extract(notebook));
        Assert.Contains("names both an exercise and a written question", e.Message);
    }

    [Fact]
    public void A_model_answer_needs_its_marker_an_answer_and_a_rubric()
    {
        var store = SolutionsWithModel();
        var model = ModelAnswerStore.For(store).Get(Question);
        Assert.Equal(2, model.Points);
        Assert.StartsWith("A reward later", model.Answer);
        Assert.StartsWith("**Rubric**", model.Rubric);

        string path = ModelAnswerStore.For(store).PathFor(Question);
        File.WriteAllText(path, AnswerMarker.Format(Question, 2) + "\nAn answer without a rubric.\n");
        Assert.Contains("no rubric", Assert.Throws<ExerciseFormatException>(() => ModelAnswerStore.For(store).Get(Question)).Message);
        File.WriteAllText(path, AnswerMarker.Format(Question, 2) + "\n\n**Rubric** 2 points\n");
        Assert.Contains("model answer is empty", Assert.Throws<ExerciseFormatException>(() => ModelAnswerStore.For(store).Get(Question)).Message);
        File.WriteAllText(path, AnswerMarker.Format("basics.other", 2) + "\nx\n**Rubric**\n");
        Assert.Contains("names 'basics.other'", Assert.Throws<ExerciseFormatException>(() => ModelAnswerStore.For(store).Get(Question)).Message);
    }

    [Fact]
    public void Check_reports_missing_and_orphan_model_answers_different_points_and_filled_cells()
    {
        string nbPath = Path.Combine(TestPaths.NewTempDir(), "q.ipynb");
        WithQuestion(points: 3).Save(nbPath);
        var problems = ExerciseConsistency.CheckCourse([nbPath], SolutionsWithModel(points: 2));
        Assert.Equal(["announces 3 points but the model answer says 2"], problems.Select(p => p[(p.IndexOf("announces"))..].TrimEnd('.')));

        Assert.Contains(ExerciseConsistency.CheckCourse([nbPath], new SolutionStore(TestPaths.NewTempDir())), p => p.Contains("no model answer; expected") && p.Contains(Question + ".md"));

        string other = Path.Combine(TestPaths.NewTempDir(), "other.ipynb");
        Notebook.CreatePolyglot().Save(other);
        Assert.Contains(ExerciseConsistency.CheckCourse([other], SolutionsWithModel()), p => p.Contains($"no notebook has the written question '{Question}'"));

        var filled = WithQuestion(answerCell: AnswerMarker.Format(Question, 2) + "\nThe model answer, left in by mistake.");
        Assert.Contains(ExerciseConsistency.CheckNotebook(filled, SolutionsWithModel()), p => p.Contains("the answer cell is not empty"));
        Assert.Empty(ExerciseConsistency.CheckNotebook(filled, SolutionsWithModel(), requireStubs: false));
    }

    [Fact]
    public void Solve_fills_in_the_model_answer_and_strip_gives_the_file_back_byte_for_byte()
    {
        var solutions = SolutionsWithModel();
        string path = Path.Combine(TestPaths.NewTempDir(), "q.ipynb");
        WithQuestion().Save(path);
        byte[] original = File.ReadAllBytes(path);
        var solved = SolutionSplicer.Solve(Notebook.Load(path), solutions);
        Assert.Contains("A reward later is worth less", solved.Cells[1].Source);
        Assert.Contains("**Rubric**", solved.Cells[1].Source);
        Assert.Equal(original, SolutionSplicer.Strip(solved).ToBytes());
        Assert.Equal(original, SolutionSplicer.Strip(solved, solutions).ToBytes());
    }

    [Fact]
    public void The_dqn_notebook_round_trips_and_its_three_questions_have_model_answers()
    {
        string path = Path.Combine(TestPaths.RepoRoot, "notebooks", "02_dqn_cartpole.ipynb");
        var solutions = new SolutionStore(Path.Combine(TestPaths.RepoRoot, "solutions"));
        var notebook = Notebook.Load(path);
        var questions = QuestionExtractor.Extract(notebook);
        Assert.Equal(["dqn.truncation_loop", "dqn.train_vs_eval_return", "dqn.n_step_replay"], questions.Select(q => q.Id));
        Assert.All(questions, q => Assert.False(q.Answered));
        var solved = SolutionSplicer.Solve(notebook, solutions);
        Assert.All(QuestionExtractor.Extract(solved), q => Assert.True(q.Answered, q.Id));
        Assert.Equal(File.ReadAllBytes(path), SolutionSplicer.Strip(solved, solutions).ToBytes());
    }

    [Fact]
    public void The_release_holds_no_model_answer_and_empty_answer_cells()
    {
        string release = Path.Combine(TestPaths.NewTempDir(), "release");
        ReleasePipeline.Build(TestPaths.RepoRoot, release, "9.9.9-test");
        var models = ModelAnswerStore.For(new SolutionStore(Path.Combine(TestPaths.RepoRoot, "solutions")));
        Assert.NotEmpty(models.Ids());
        // The first line of each model answer and of each rubric's items: none may appear in any released file.
        var firstLines = models.Ids().SelectMany(id => new[] { models.Get(id).Answer.Split('\n')[0], models.Get(id).Rubric.Split('\n')[1] }).ToList();
        foreach (var file in Directory.EnumerateFiles(release, "*", SearchOption.AllDirectories))
        {
            string text = File.ReadAllText(file);
            Assert.DoesNotContain(firstLines, line => text.Contains(line, StringComparison.Ordinal));
        }
        var released = QuestionExtractor.Extract(Notebook.Load(Path.Combine(release, "notebooks", "02_dqn_cartpole.ipynb")));
        Assert.Equal(3, released.Count);
        Assert.All(released, q => Assert.False(q.Answered, q.Id));
    }

    [Fact]
    public void Verification_refuses_a_model_answer_pasted_into_a_notebook_or_an_answered_cell()
    {
        var models = ModelAnswerStore.For(new SolutionStore(Path.Combine(TestPaths.RepoRoot, "solutions")));
        var model = models.Get("dqn.n_step_replay");
        string target = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(target, "notebooks"));
        var notebook = Notebook.CreatePolyglot();
        notebook.AddMarkdown("Hint for you:\n" + model.Answer);
        notebook.AddMarkdown("**Q**");
        notebook.AddMarkdown(AnswerMarker.Format("dqn.n_step_replay", 2) + "\nMy own words.");
        notebook.Save(Path.Combine(target, "notebooks", "leak.ipynb"));
        var e = Assert.Throws<InvalidOperationException>(() => new VerifyNoAnswers().Run(new ReleaseContext(TestPaths.RepoRoot, target, "x")));
        Assert.Contains("notebooks/leak.ipynb holds the model answer of dqn.n_step_replay", e.Message.Replace('\\', '/'));
        Assert.Contains("leak.ipynb: the answer cell of dqn.n_step_replay is not empty", e.Message);
    }
}
