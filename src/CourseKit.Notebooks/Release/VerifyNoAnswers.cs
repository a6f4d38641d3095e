using System.Text;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Release;

/// <summary>
/// The last step: refuses the release if an answer got in. No <c>solutions/</c> or
/// <c>HiddenChecks/</c> folder, no file holding a solution region marker, no file equal to a
/// solution, a model answer or a hidden check file (wherever it was copied to), no model answer's
/// text inside any file, every exercise cell equal to its stub and every answer cell empty. A
/// failed verification leaves nothing behind.
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
        var solutions = new SolutionStore(context.Course.SolutionsDirectory);
        var modelAnswers = ModelAnswerStore.For(solutions);
        // A model answer's text pasted anywhere (a notebook cell, a README) leaks it as surely as its file.
        var answerTexts = modelAnswers.Ids().Select(id => (id, text: Canonical(modelAnswers.Get(id).Answer))).ToList();
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
            string canonical = Canonical(file.EndsWith(".ipynb", StringComparison.Ordinal) ? CellTexts(file, text) : text);
            foreach (var (id, answer) in answerTexts.Where(a => canonical.Contains(a.text, StringComparison.Ordinal)))
                problems.Add($"{relative} holds the model answer of {id}");
        }

        string notebooks = context.InTarget("notebooks");
        if (Directory.Exists(notebooks))
            foreach (var path in Directory.EnumerateFiles(notebooks, "*.ipynb"))
            {
                var notebook = Notebook.Load(path);
                foreach (var exercise in ExerciseExtractor.Extract(notebook))
                    if (solutions.TryGet(exercise.Id) is { } s && !Stubs.IsUnchangedStub(exercise.Code, s.Stub))
                        problems.Add($"{Path.GetFileName(path)}: the cell of {exercise.Id} is not its stub");
                foreach (var question in QuestionExtractor.Extract(notebook).Where(q => q.Answered))
                    problems.Add($"{Path.GetFileName(path)}: the answer cell of {question.Id} is not empty");
            }

        if (problems.Count > 0)
            throw new InvalidOperationException("The release would leak answers; nothing was written:\n" + string.Join("\n", problems));
        context.Log.Add($"{Name}: {files} files checked, no solution, hidden check or solved cell");
    }

    /// <summary>An exercise spec whose regions hold nothing but the stub's throw.</summary>
    static bool IsEmptiedSpec(string relative, string text) =>
        relative.Replace('\\', '/').StartsWith(WriteExerciseSpecs.Folder + "/", StringComparison.Ordinal) &&
        WriteExerciseSpecs.EmptyRegions(text) == text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";

    /// <summary>The tool's own sources and the documentation name the marker to explain it; they hold no answer.</summary>
    static bool IsPipelineSource(string relative) =>
        relative.Replace('\\', '/') is var r && (r.StartsWith("src/CourseKit.Notebooks/", StringComparison.Ordinal) || r.EndsWith("README.md", StringComparison.Ordinal) ||
                                                (r.StartsWith("docs/", StringComparison.Ordinal) && r.EndsWith(".md", StringComparison.Ordinal)));

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
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories)
                .Concat(Directory.EnumerateFiles(d, "*.md", SearchOption.AllDirectories).Where(f => Path.GetFileName(Path.GetDirectoryName(f)) == ModelAnswerStore.FolderName)))
            .Select(File.ReadAllText);
    }

    /// <summary>A notebook's cell texts (its JSON splits a cell into quoted lines), or the raw text if it does not parse.</summary>
    static string CellTexts(string path, string json)
    {
        try { return string.Join("\n", Notebook.Parse(json, path).Cells.Select(c => c.Source)); }
        catch (NotebookFormatException) { return json; }
    }

    static string Canonical(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Replace("\r\n", "\n").Split('\n')) sb.Append(line.TrimEnd()).Append('\n');
        return sb.ToString().TrimEnd('\n');
    }
}
