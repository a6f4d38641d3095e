using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Exercises;

/// <summary>
/// The course's bookkeeping rules between notebooks and <c>solutions/</c>: every exercise has a
/// solution with the same id, points and signature; every solution belongs to an exercise; the
/// shipped notebooks hold stubs, not solutions (and the written questions' rules, <see cref="QuestionConsistency"/>). Used by <c>coursekit check</c> and the tests.
/// </summary>
public static class ExerciseConsistency
{
    /// <summary>Problems of one notebook against the solutions (empty when all is well).</summary>
    /// <param name="notebook">A student-edition notebook.</param>
    /// <param name="solutions">The reference solutions.</param>
    /// <param name="requireStubs">Whether each exercise cell must still be its stub.</param>
    public static IReadOnlyList<string> CheckNotebook(Notebook notebook, SolutionStore solutions, bool requireStubs = true)
    {
        var problems = new List<string>();
        IReadOnlyList<Exercise> exercises;
        try
        {
            notebook.EnsureCSharpKernel();
            exercises = ExerciseExtractor.Extract(notebook);
        }
        catch (Exception e) when (e is NotebookFormatException or ExerciseFormatException)
        {
            return [e.Message];
        }

        foreach (var exercise in exercises)
        {
            string where = $"{notebook.SourceName}: cell {exercise.CellIndex + 1} ({exercise.Id})";
            try
            {
                var solution = solutions.TryGet(exercise.Id);
                if (solution is null)
                {
                    problems.Add($"{where}: no reference solution; expected {solutions.PathFor(exercise.Id)}.");
                    continue;
                }
                if (solution.Points != exercise.Points)
                    problems.Add($"{where}: the cell announces {exercise.Points} points but the solution file says {solution.Points}.");
                var cellShape = ExerciseShape.Read(exercise.Code, where);
                var solutionShape = ExerciseShape.Read(solution.Code, solution.Path);
                if (!cellShape.Signatures.SequenceEqual(solutionShape.Signatures))
                    problems.Add($"{where}: the signature differs from the solution's.\n  notebook: {string.Join(" ; ", cellShape.Signatures)}\n  solution: {string.Join(" ; ", solutionShape.Signatures)}");
                if (requireStubs && !Stubs.IsUnchangedStub(exercise.Code, solution.Stub))
                    problems.Add($"{where}: the cell is not the stub of its solution (a solution left in the student notebook, or an edited stub). Run 'coursekit strip' to regenerate it.");
            }
            catch (ExerciseFormatException e)
            {
                problems.Add(e.Message);
            }
        }
        problems.AddRange(QuestionConsistency.CheckNotebook(notebook, ModelAnswerStore.For(solutions), requireStubs));
        return problems;
    }

    /// <summary>Problems of a whole course: every notebook, plus solution files no notebook uses.</summary>
    public static IReadOnlyList<string> CheckCourse(IEnumerable<string> notebookPaths, SolutionStore solutions)
    {
        var problems = new List<string>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        var usedQuestions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in notebookPaths)
        {
            Notebook notebook;
            try { notebook = Notebook.Load(path); }
            catch (NotebookFormatException e) { problems.Add(e.Message); continue; }
            problems.AddRange(CheckNotebook(notebook, solutions));
            try { used.UnionWith(ExerciseExtractor.Extract(notebook).Select(e => e.Id)); }
            catch (ExerciseFormatException) { /* already reported */ }
            usedQuestions.UnionWith(QuestionConsistency.IdsOf(notebook));
        }
        problems.AddRange(QuestionConsistency.Unused(ModelAnswerStore.For(solutions), usedQuestions));
        foreach (var id in solutions.Ids().Where(id => !used.Contains(id)))
            problems.Add($"{solutions.PathFor(id)}: no notebook has the exercise '{id}'.");
        return problems;
    }
}
