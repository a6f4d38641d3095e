using CourseKit.Notebooks;

namespace CourseKit.Notebooks.Tests;

/// <summary>Where the repository, the sample course and the test data are.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = CourseLayout.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("tests must run inside the repository (no CourseKit.sln found above the test binaries)");

    /// <summary>
    /// The tensor backend this build of the tests grades and runs the course on: CourseKit's engine, or TorchSharp when
    /// built with <c>-p:TensorBackend=TorchSharp</c> (the course's code is then put in its TorchSharp edition).
    /// </summary>
    public static TensorBackend Backend { get; } = TensorBackends.Parse(
        typeof(TestPaths).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "TensorBackend").Value!);

    /// <summary>The library of <see cref="Backend"/>: <c>artifacts/lib/CourseKit.dll</c> or <c>artifacts/lib-torchsharp/CourseKit.dll</c>.</summary>
    public static string CourseKitDll => TensorBackends.CourseKitDll(RepoRoot, Backend);

    public static string ProjectDir => Path.Combine(RepoRoot, "tests", "CourseKit.Notebooks.Tests");

    public static string Data(string name) => Path.Combine(ProjectDir, "Data", name);

    public static string SampleCourseDir => Path.Combine(ProjectDir, "SampleCourse");

    public static string SampleNotebook => Path.Combine(SampleCourseDir, "notebooks", "basics.ipynb");

    /// <summary>The sample course: a notebook with three exercises, its solutions and hidden checks.</summary>
    public static CourseLayout SampleCourse { get; } = new(
        Path.Combine(SampleCourseDir, "notebooks"),
        Path.Combine(SampleCourseDir, "solutions"),
        [Path.Combine(SampleCourseDir, "HiddenChecks")],
        CourseKitDll);

    /// <summary>
    /// A throw-away, collectible load context for reading the library's (or a check assembly's) types: it resolves
    /// what they reference from <paramref name="assemblyPath"/>'s folder, then from the library's (CourseKit.dll and,
    /// on TorchSharp, TorchSharp.dll and what that loads).
    /// </summary>
    public static System.Runtime.Loader.AssemblyLoadContext ProbeContext(string name, string assemblyPath)
    {
        var context = new System.Runtime.Loader.AssemblyLoadContext(name, isCollectible: true);
        context.Resolving += (c, n) =>
        {
            string beside = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(assemblyPath))!, n.Name + ".dll");
            string library = Path.Combine(Path.GetDirectoryName(CourseKitDll)!, n.Name + ".dll");
            return File.Exists(beside) ? c.LoadFromAssemblyPath(beside) : File.Exists(library) ? c.LoadFromAssemblyPath(library) : null;
        };
        return context;
    }

    /// <summary>A fresh empty folder under the system temp folder.</summary>
    public static string NewTempDir()
    {
        string dir = Path.Combine(Path.GetTempPath(), "coursekit-tests", Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}
