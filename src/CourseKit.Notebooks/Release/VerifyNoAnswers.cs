using System.Text;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Release;

/// <summary>
/// The last step: refuses the release if an answer got in. No <c>solutions/</c> or
/// <c>HiddenChecks/</c> folder, no file holding a solution region marker, no file equal to a
/// solution or a hidden check file (wherever it was copied to), and every exercise cell equal
/// to its stub. A failed verification leaves nothing behind.
/// </summary>
public sealed class VerifyNoAnswers : IReleaseStep
{
    /// <inheritdoc/>
    public string Name => "verify-no-answers";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        var problems = new List<string>();
        foreach (var name in new[] { "solutions", "HiddenChecks" })
            foreach (var dir in Directory.EnumerateDirectories(context.Target, name, SearchOption.AllDirectories))
                problems.Add($"folder {Path.GetRelativePath(context.Target, dir)} is in the release");

        var secrets = SecretFiles(context).Select(Canonical).ToHashSet();
        int files = 0;
        foreach (var file in Directory.EnumerateFiles(context.Target, "*", SearchOption.AllDirectories))
        {
            files++;
            string relative = Path.GetRelativePath(context.Target, file);
            string text;
            try { text = File.ReadAllText(file); } catch (IOException e) { problems.Add($"{relative}: unreadable ({e.Message})"); continue; }
            if (text.Contains(ExerciseMarker.BeginSolution, StringComparison.Ordinal) && !IsPipelineSource(relative) && !IsEmptiedSpec(relative, text))
                problems.Add($"{relative} holds a '{ExerciseMarker.BeginSolution}' region with code in it");
            if (secrets.Contains(Canonical(text))) problems.Add($"{relative} is a copy of a solution or hidden check file");
        }

        var solutions = new SolutionStore(context.Course.SolutionsDirectory);
        string notebooks = context.InTarget("notebooks");
        if (Directory.Exists(notebooks))
            foreach (var path in Directory.EnumerateFiles(notebooks, "*.ipynb"))
                foreach (var exercise in ExerciseExtractor.Extract(Notebook.Load(path)))
                    if (solutions.TryGet(exercise.Id) is { } s && !Stubs.IsUnchangedStub(exercise.Code, s.Stub))
                        problems.Add($"{Path.GetFileName(path)}: the cell of {exercise.Id} is not its stub");

        if (problems.Count > 0)
            throw new InvalidOperationException("The release would leak answers; nothing was written:\n" + string.Join("\n", problems));
        context.Log.Add($"{Name}: {files} files checked, no solution, hidden check or solved cell");
    }

    /// <summary>An exercise spec whose regions hold nothing but the stub's throw.</summary>
    static bool IsEmptiedSpec(string relative, string text) =>
        relative.Replace('\\', '/').StartsWith(WriteExerciseSpecs.Folder + "/", StringComparison.Ordinal) &&
        WriteExerciseSpecs.EmptyRegions(text) == text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    /// <summary>The tool's own sources name the marker to find it; they hold no answer.</summary>
    static bool IsPipelineSource(string relative) =>
        relative.Replace('\\', '/') is var r && (r.StartsWith("src/CourseKit.Notebooks/", StringComparison.Ordinal) || r.EndsWith("README.md", StringComparison.Ordinal));

    static IEnumerable<string> SecretFiles(ReleaseContext context)
    {
        var course = context.Course;
        var dirs = new List<string> { course.SolutionsDirectory };
        dirs.AddRange(course.HiddenCheckDirectories);
        // Courses kept under tests/ (a sample course) have their own solutions and hidden checks.
        string tests = Path.Combine(context.Source, "tests");
        if (Directory.Exists(tests))
            dirs.AddRange(Directory.EnumerateDirectories(tests, "*", SearchOption.AllDirectories)
                .Where(d => Path.GetFileName(d) is "solutions" or "HiddenChecks" && !d.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")));
        return dirs.Distinct().Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Select(File.ReadAllText);
    }

    static string Canonical(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Replace("\r\n", "\n").Split('\n')) sb.Append(line.TrimEnd()).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }
}
