namespace CourseKit.Notebooks;

/// <summary>
/// Where a course's parts live: notebooks, reference solutions, hidden check sources and the
/// built CourseKit library. <see cref="ForRepository"/> gives the repository's own layout; the
/// tests build one for their sample course.
/// </summary>
/// <param name="NotebooksDirectory">The student-edition notebooks.</param>
/// <param name="SolutionsDirectory">One <c>&lt;id&gt;.cs</c> per exercise.</param>
/// <param name="HiddenCheckDirectories">Folders of <c>.cs</c> files with hidden checks (compiled by the grader).</param>
/// <param name="CourseKitDll">The built library (<c>artifacts/lib/CourseKit.dll</c>).</param>
public sealed record CourseLayout(string NotebooksDirectory, string SolutionsDirectory, IReadOnlyList<string> HiddenCheckDirectories, string CourseKitDll)
{
    /// <summary>
    /// The repository's layout: <c>notebooks/</c>, <c>solutions/</c>, every <c>tests/*/HiddenChecks/</c> folder and
    /// the library of <paramref name="backend"/> (<c>artifacts/lib/CourseKit.dll</c>, or
    /// <c>artifacts/lib-torchsharp/CourseKit.dll</c> for TorchSharp) under <paramref name="root"/>.
    /// </summary>
    public static CourseLayout ForRepository(string root, TensorBackend backend = TensorBackend.CourseKit)
    {
        string tests = Path.Combine(root, "tests");
        var hidden = Directory.Exists(tests)
            ? Directory.EnumerateDirectories(tests).Select(d => Path.Combine(d, "HiddenChecks")).Where(Directory.Exists).Order(StringComparer.Ordinal).ToList()
            : [];
        return new CourseLayout(Path.Combine(root, "notebooks"), Path.Combine(root, "solutions"), hidden,
            TensorBackends.CourseKitDll(root, backend));
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> holding <c>CourseKit.sln</c>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CourseKit.sln"))) return dir.FullName;
        return null;
    }
}
