using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Exercises;

/// <summary>A written question's answer cell found in a notebook.</summary>
/// <param name="Id">The id from the marker, <c>topic.name</c>.</param>
/// <param name="Points">The points the marker announces (the grader trusts the model answer's marker instead).</param>
/// <param name="MarkerLine">The cell's first line as written.</param>
/// <param name="Answer">The student's answer (see <see cref="AnswerMarker.AnswerText"/>); empty when unanswered.</param>
/// <param name="CellIndex">0-based index of the cell in the notebook.</param>
public sealed record WrittenQuestion(string Id, int Points, string MarkerLine, string Answer, int CellIndex)
{
    /// <summary>True when the student wrote something besides the placeholder.</summary>
    public bool Answered => Answer.Length > 0;
}

/// <summary>Finds the answer cells of a notebook.</summary>
public static class QuestionExtractor
{
    /// <summary>
    /// Every answer cell (a markdown cell whose first line is an <see cref="AnswerMarker"/>), in
    /// notebook order. Throws <see cref="ExerciseFormatException"/> for a malformed marker, an id
    /// used twice, or an id an exercise cell of the notebook also uses.
    /// </summary>
    public static IReadOnlyList<WrittenQuestion> Extract(Notebook notebook)
    {
        var found = new List<WrittenQuestion>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (cell.CellType != "markdown") continue;
            string text = cell.Source;
            if (AnswerMarker.Parse(text, $"{notebook.SourceName}: cell {i + 1}") is not var (id, points)) continue;
            if (seen.TryGetValue(id, out int earlier))
                throw new ExerciseFormatException(
                    $"{notebook.SourceName}: written question '{id}' appears twice (cells {earlier + 1} and {i + 1}); each question id must be unique.");
            seen[id] = i;
            found.Add(new WrittenQuestion(id, points, text.Split('\n', 2)[0].TrimEnd('\r'), AnswerMarker.AnswerText(text), i));
        }
        var exerciseIds = ExerciseExtractor.Extract(notebook).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        if (found.FirstOrDefault(q => exerciseIds.Contains(q.Id)) is { } clash)
            throw new ExerciseFormatException(
                $"{notebook.SourceName}: '{clash.Id}' names both an exercise and a written question (cell {clash.CellIndex + 1}); give the question its own id.");
        return found;
    }
}
