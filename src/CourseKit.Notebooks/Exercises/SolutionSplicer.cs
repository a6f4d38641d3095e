using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Exercises;

/// <summary>
/// "solve" and "strip": produce the instructor's edition (reference solutions in the exercise
/// cells, model answers and rubrics in the answer cells) and the student edition (stubs, empty
/// answer cells). Only the exercise and answer cells' sources change; ids,
/// metadata, outputs and layout are kept, so <c>Strip(Solve(nb))</c> gives back the original
/// file byte for byte when its cells hold the stubs of the current solutions.
/// </summary>
public static class SolutionSplicer
{
    /// <summary>A copy of <paramref name="notebook"/> with every exercise cell replaced by its reference solution.</summary>
    /// <exception cref="ExerciseFormatException">An exercise has no solution, or a solution file is malformed.</exception>
    public static Notebook Solve(Notebook notebook, SolutionStore solutions)
    {
        var solved = notebook.Clone();
        foreach (var exercise in ExerciseExtractor.Extract(solved))
            solved.Cells[exercise.CellIndex].Source = solutions.Get(exercise.Id).Code;
        var answers = ModelAnswerStore.For(solutions);
        foreach (var question in QuestionExtractor.Extract(solved))
            solved.Cells[question.CellIndex].Source = answers.Get(question.Id).SolvedCell;
        return solved;
    }

    /// <summary>
    /// A copy of <paramref name="notebook"/> with every exercise cell turned back into its stub:
    /// the stub of the file in <paramref name="solutions"/> when given (so nothing of a cell's
    /// content can leak), otherwise the cell's own solution regions stripped.
    /// </summary>
    public static Notebook Strip(Notebook notebook, SolutionStore? solutions = null)
    {
        var stripped = notebook.Clone();
        foreach (var exercise in ExerciseExtractor.Extract(stripped))
        {
            var cell = stripped.Cells[exercise.CellIndex];
            string where = $"{notebook.SourceName}: cell {exercise.CellIndex + 1} ({exercise.Id})";
            string stub = solutions is not null ? solutions.Get(exercise.Id).Stub : Stubs.Strip(cell.Source, where);
            if (cell.Source != stub) cell.Source = stub;
        }
        // An answer cell keeps only its marker and the placeholder: nothing written below it travels.
        foreach (var question in QuestionExtractor.Extract(stripped))
        {
            var cell = stripped.Cells[question.CellIndex];
            string empty = AnswerMarker.EmptyCell(question.MarkerLine);
            if (cell.Source != empty) cell.Source = empty;
        }
        return stripped;
    }
}
