using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Exercises;

/// <summary>
/// The written questions' bookkeeping rules, checked with the exercises' by <c>coursekit check</c>:
/// every question has a model answer with the same points (and every model answer a question),
/// and a shipped notebook's answer cells are empty.
/// </summary>
public static class QuestionConsistency
{
    /// <summary>Problems of one notebook's answer cells against the model answers (empty when all is well).</summary>
    /// <param name="notebook">A student-edition notebook.</param>
    /// <param name="answers">The model answers.</param>
    /// <param name="requireEmpty">Whether each answer cell must still be marker plus placeholder.</param>
    public static IReadOnlyList<string> CheckNotebook(Notebook notebook, ModelAnswerStore answers, bool requireEmpty = true)
    {
        IReadOnlyList<WrittenQuestion> questions;
        try { questions = QuestionExtractor.Extract(notebook); }
        catch (ExerciseFormatException e) { return [e.Message]; }

        var problems = new List<string>();
        foreach (var q in questions)
        {
            string where = $"{notebook.SourceName}: cell {q.CellIndex + 1} ({q.Id})";
            try
            {
                var model = answers.TryGet(q.Id);
                if (model is null)
                    problems.Add($"{where}: no model answer; expected {answers.PathFor(q.Id)} (marker line, model answer, '{ModelAnswerStore.RubricHeading}' and the rubric).");
                else if (model.Points != q.Points)
                    problems.Add($"{where}: the answer cell announces {q.Points} points but the model answer says {model.Points}.");
                if (requireEmpty && notebook.Cells[q.CellIndex].Source != AnswerMarker.EmptyCell(q.MarkerLine))
                    problems.Add($"{where}: the answer cell is not empty (a model answer left in the student notebook?); it must be the marker line and '{AnswerMarker.Placeholder}'. Run 'coursekit strip' to regenerate it.");
                if (q.CellIndex == 0 || notebook.Cells[q.CellIndex - 1].CellType != "markdown")
                    problems.Add($"{where}: the question must sit in a markdown cell right above its answer cell.");
            }
            catch (ExerciseFormatException e)
            {
                problems.Add(e.Message);
            }
        }
        return problems;
    }

    /// <summary>The question ids of a notebook, or none when its markers are malformed (reported elsewhere).</summary>
    public static IEnumerable<string> IdsOf(Notebook notebook)
    {
        try { return QuestionExtractor.Extract(notebook).Select(q => q.Id).ToList(); }
        catch (ExerciseFormatException) { return []; }
    }

    /// <summary>Model answers whose question no notebook has.</summary>
    public static IEnumerable<string> Unused(ModelAnswerStore answers, IReadOnlySet<string> usedIds) =>
        answers.Ids().Where(id => !usedIds.Contains(id))
            .Select(id => $"{answers.PathFor(id)}: no notebook has the written question '{id}'.");
}
