using CourseKit.Notebooks;

namespace CourseKit.Notebooks.Tests;

/// <summary>Where the repository, the sample course and the test data are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = CourseLayout.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("tests must run inside the repository (no CourseKit.sln found above the test binaries)");

    public static string ProjectDir => Path.Combine(RepoRoot, "tests", "CourseKit.Notebooks.Tests");

    public static string Data(string name) => Path.Combine(ProjectDir, "Data", name);

    public static string SampleCourseDir => Path.Combine(ProjectDir, "SampleCourse");

    public static string SampleNotebook => Path.Combine(SampleCourseDir, "notebooks", "basics.ipynb");

    /// <summary>The sample course: a notebook with three exercises, its solutions and hidden checks.</summary>
    public static CourseLayout SampleCourse { get; } = new(
        Path.Combine(SampleCourseDir, "notebooks"),
        Path.Combine(SampleCourseDir, "solutions"),
        [Path.Combine(SampleCourseDir, "HiddenChecks")],
        Path.Combine(RepoRoot, "artifacts", "lib", "CourseKit.dll"));

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "coursekit-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
