using System.Reflection;
using System.Runtime.Loader;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Grading with `dotnet test` (docs/AUTHORING.md, "How an exercise is graded"): for every exercise, the same checks run against the
/// reference solution (must pass) and against the student's cell in the notebook (a stub is
/// skipped as "not attempted"; an attempt passes or fails with the grader's report). Every stub
/// must fail its checks when forced to run, which proves the checks can fail.
/// </summary>
public class CourseExerciseTests
{
    [Theory]
    [MemberData(nameof(CourseCatalog.Exercises), MemberType = typeof(CourseCatalog))]
    public async Task Reference_solution_passes(string course, string notebook, string exercise)
    {
        _ = notebook;
        var solution = CourseCatalog.SolutionsOf(course).Get(exercise);
        var grade = await CourseCatalog.GraderFor(course).GradeExerciseAsync(exercise, solution.Code);
        Assert.True(grade.Status == GradeStatus.Passed, grade.Report());
        Assert.Equal(grade.MaxScore, grade.Score);
    }

    [SkippableTheory]
    [MemberData(nameof(CourseCatalog.StudentExercises), MemberType = typeof(CourseCatalog))]
    public async Task Your_exercise(string course, string notebook, string exercise)
    {
        var cell = CourseCatalog.Cell(course, notebook, exercise);
        var grade = await CourseCatalog.GraderFor(course).GradeExerciseAsync(exercise, cell.Code);
        Skip.If(grade.Status == GradeStatus.NotAttempted, $"not attempted: {exercise} in {notebook} still holds its TODO stub.");
        if (grade.Status != GradeStatus.Passed)
            throw new Xunit.Sdk.GradeReportException(StudentReport.Format([new GradedCell(notebook, cell.CellIndex + 1, grade)]));
    }

    [Theory]
    [MemberData(nameof(CourseCatalog.Exercises), MemberType = typeof(CourseCatalog))]
    public async Task Stub_fails_its_checks_when_forced_to_run(string course, string notebook, string exercise)
    {
        _ = notebook;
        var stub = CourseCatalog.SolutionsOf(course).Get(exercise).Stub;
        var grade = await CourseCatalog.GraderFor(course).GradeExerciseAsync(exercise, stub, forceRun: true);
        Assert.True(grade.Status == GradeStatus.Failed, grade.Report());
        Assert.All(grade.Checks, c => Assert.False(c.Passed, $"the stub passes '{c.Name}': that check cannot fail"));
    }

    [Theory]
    [MemberData(nameof(CourseCatalog.Exercises), MemberType = typeof(CourseCatalog))]
    public void Exercise_has_visible_and_hidden_checks(string course, string notebook, string exercise)
    {
        _ = notebook;
        var layout = CourseCatalog.Courses[course];
        string? hidden = CheckAssemblyBuilder.Build(layout.HiddenCheckDirectories, layout.CourseKitDll);
        Assert.True(CheckCount(layout.CourseKitDll, exercise) > 0, $"no visible checks for {exercise} in CourseKit (src/CourseKit/Checks)");
        Assert.True(hidden is not null && CheckCount(hidden, exercise) > 0, $"no hidden checks for {exercise} in {string.Join(", ", layout.HiddenCheckDirectories)}");
    }

    [Fact]
    public void Every_course_is_consistent_with_its_solutions()
    {
        foreach (var (name, layout) in CourseCatalog.Courses)
        {
            var notebooks = Directory.Exists(layout.NotebooksDirectory) ? Directory.EnumerateFiles(layout.NotebooksDirectory, "*.ipynb") : [];
            var problems = Exercises.ExerciseConsistency.CheckCourse(notebooks, CourseCatalog.SolutionsOf(name));
            Assert.True(problems.Count == 0, $"{name}:\n" + string.Join("\n", problems));
        }
    }

    /// <summary>Counts [Check] methods for the exercise, reading the assembly in a throw-away load context.</summary>
    static int CheckCount(string assemblyPath, string exercise)
    {
        var context = TestPaths.ProbeContext("check-probe", assemblyPath);
        try
        {
            var assembly = context.LoadFromAssemblyPath(assemblyPath);
            return assembly.GetTypes()
                .Where(t => t.GetCustomAttributesData().Any(a => a.AttributeType.Name == "ExerciseChecksAttribute"
                                                               && (string?)a.ConstructorArguments[0].Value == exercise))
                .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static))
                .Count(m => m.GetCustomAttributesData().Any(a => a.AttributeType.Name == "CheckAttribute"));
        }
        finally
        {
            context.Unload();
        }
    }
}
