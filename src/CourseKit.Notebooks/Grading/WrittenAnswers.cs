using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Grading;

/// <summary>A written question's answer as the grader exports it: graded by hand, not by checks.</summary>
/// <param name="QuestionId">The question.</param>
/// <param name="MaxScore">Its points (from the model answer's marker when there is one).</param>
/// <param name="Answer">What the student wrote; empty when unanswered (placeholder only, or no answer cell).</param>
/// <param name="Score">The points a TA gave, merged from a scores CSV; null until then.</param>
/// <param name="Comment">The TA's comment, if any.</param>
public sealed record AnswerGrade(string QuestionId, double MaxScore, string Answer, double? Score = null, string? Comment = null)
{
    /// <summary>True when the student wrote an answer.</summary>
    public bool Answered => Answer.Length > 0;

    /// <summary>True when the answer waits for a TA's score.</summary>
    public bool Pending => Answered && Score is null;

    /// <summary>The points counted in totals: the TA's score, else 0.</summary>
    public double Earned => Score ?? 0;

    /// <summary>"not answered", "pending manual grading" or "graded by hand".</summary>
    public string Status => Score is not null ? "graded by hand" : Answered ? "pending manual grading" : "not answered";
}

/// <summary>Collects a submission's written answers for the grade reports.</summary>
public static class WrittenAnswers
{
    /// <summary>
    /// One <see cref="AnswerGrade"/> per question the reference notebook of the same name asks
    /// (or, without one, per answer cell found), each unscored. A question whose answer cell was
    /// deleted counts as not answered, so it keeps its place in the maximum.
    /// </summary>
    /// <exception cref="ExerciseFormatException">An answer marker is malformed or an id is used twice.</exception>
    public static IReadOnlyList<AnswerGrade> Collect(Notebook submission, string notebookPath, string? referenceNotebooks, SolutionStore solutions)
    {
        var found = QuestionExtractor.Extract(submission).ToDictionary(q => q.Id);
        var expected = ReferenceQuestions(notebookPath, referenceNotebooks) ?? found.Values.Select(q => (q.Id, q.Points)).ToList();
        var models = ModelAnswerStore.For(solutions);
        return expected.Select(q =>
        {
            double max = TryPoints(models, q.Id) ?? q.Points;
            return new AnswerGrade(q.Id, max, found.TryGetValue(q.Id, out var cell) ? cell.Answer : "");
        }).ToList();
    }

    static List<(string Id, int Points)>? ReferenceQuestions(string notebookPath, string? referenceNotebooks)
    {
        if (referenceNotebooks is null) return null;
        string reference = Path.Combine(referenceNotebooks, Path.GetFileName(notebookPath));
        if (!File.Exists(reference)) return null;
        try { return QuestionExtractor.Extract(Notebook.Load(reference)).Select(q => (q.Id, q.Points)).ToList(); }
        catch (Exception e) when (e is NotebookFormatException or ExerciseFormatException) { return null; }
    }

    static int? TryPoints(ModelAnswerStore models, string id)
    {
        try { return models.TryGet(id)?.Points; }
        catch (ExerciseFormatException) { return null; }
    }
}
