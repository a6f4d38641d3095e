using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Exercises;

/// <summary>An exercise cell found in a notebook.</summary>
/// <param name="Id">The id from the marker, <c>topic.name</c>.</param>
/// <param name="Points">The points the marker announces (the grader trusts the solution file's marker instead).</param>
/// <param name="Code">The cell's text, marker line included.</param>
/// <param name="CellIndex">0-based index of the cell in the notebook.</param>
public sealed record Exercise(string Id, int Points, string Code, int CellIndex);

/// <summary>Finds the exercise cells of a notebook.</summary>
public static class ExerciseExtractor
{
    /// <summary>
    /// Every exercise cell, in notebook order. Throws <see cref="ExerciseFormatException"/> for a
    /// malformed marker or an id used twice.
    /// </summary>
    public static IReadOnlyList<Exercise> Extract(Notebook notebook)
    {
        var found = new List<Exercise>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < notebook.Cells.Count; i++)
        {
            var cell = notebook.Cells[i];
            if (!cell.IsCode) continue;
            string code = cell.Source;
            var marker = ExerciseMarker.Parse(code, $"{notebook.SourceName}: cell {i + 1}");
            if (marker is not var (id, points)) continue;
            if (seen.TryGetValue(id, out int earlier))
                throw new ExerciseFormatException(
                    $"{notebook.SourceName}: exercise '{id}' appears twice (cells {earlier + 1} and {i + 1}); each exercise id must be unique.");
            seen[id] = i;
            found.Add(new Exercise(id, points, code, i));
        }
        return found;
    }
}
