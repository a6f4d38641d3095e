using System.Collections.Concurrent;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// The courses whose exercises `dotnet test` grades: the repository's own (notebooks/,
/// solutions/, tests/*/HiddenChecks/) and the sample course of this project. A new notebook plugs
/// in by adding the notebook, its solution files and its checks: nothing here changes.
/// </summary>
public static class CourseCatalog
{
    static readonly ConcurrentDictionary<string, Lazy<Grader>> s_graders = new();

    static CourseCatalog() =>
        // The graders live for the whole run; their temporary folders go with the process.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var grader in s_graders.Values.Where(g => g.IsValueCreated)) grader.Value.Dispose();
        };

    public static IReadOnlyDictionary<string, CourseLayout> Courses { get; } = new Dictionary<string, CourseLayout>
    {
        ["course"] = CourseLayout.ForRepository(TestPaths.RepoRoot, TestPaths.Backend),
        ["sample"] = TestPaths.SampleCourse,
    };

    /// <summary>(course, notebook file name, exercise id) for every exercise cell of every course notebook.</summary>
    public static TheoryData<string, string, string> Exercises()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var (name, layout) in Courses)
        {
            if (!Directory.Exists(layout.NotebooksDirectory)) continue;
            foreach (var path in Directory.EnumerateFiles(layout.NotebooksDirectory, "*.ipynb").Order(StringComparer.Ordinal))
                foreach (var exercise in ExerciseExtractor.Extract(Notebook.Load(path)))
                    data.Add(name, Path.GetFileName(path), exercise.Id);
        }
        return data;
    }

    /// <summary>
    /// The exercises a student works on: the repository's own course. (The sample course's cells stay stubs on
    /// purpose; its grading is covered by the other tests, and a student should not see them as "not attempted".)
    /// </summary>
    public static TheoryData<string, string, string> StudentExercises()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var row in Exercises())
            if ((string)row[0] == "course") data.Add((string)row[0], (string)row[1], (string)row[2]);
        return data;
    }

    /// <summary>(course, notebook file name) for every course notebook.</summary>
    public static TheoryData<string, string> Notebooks()
    {
        var data = new TheoryData<string, string>();
        foreach (var (name, layout) in Courses)
            if (Directory.Exists(layout.NotebooksDirectory))
                foreach (var path in Directory.EnumerateFiles(layout.NotebooksDirectory, "*.ipynb").Order(StringComparer.Ordinal))
                    data.Add(name, Path.GetFileName(path));
        return data;
    }

    /// <summary>One grader per course for the whole test run (its hidden checks compile once).</summary>
    public static Grader GraderFor(string course) =>
        s_graders.GetOrAdd(course, c => new Lazy<Grader>(() => Grader.ForCourse(Courses[c]))).Value;

    public static SolutionStore SolutionsOf(string course) => new(Courses[course].SolutionsDirectory);

    public static Exercise Cell(string course, string notebook, string id) =>
        ExerciseExtractor.Extract(Notebook.Load(Path.Combine(Courses[course].NotebooksDirectory, notebook))).Single(e => e.Id == id);
}
