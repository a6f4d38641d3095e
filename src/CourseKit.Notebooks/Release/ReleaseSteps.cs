using System.Diagnostics;
using System.Text.Json.Nodes;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Release;

/// <summary>
/// Copies the repository's source files: git's tracked and untracked-but-not-ignored files
/// when git is there, else every file outside build output. Build output, local results and
/// the instructor's own folders never travel.
/// </summary>
public sealed class CopySources : IReleaseStep
{
    static readonly string[] Skip = ["bin", "obj", "artifacts", "out", "TestResults", ".git", ".vs", ".idea"];

    /// <inheritdoc/>
    public string Name => "copy-sources";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        var files = GitFiles(context.Source) ?? WalkFiles(context.Source);
        int n = 0;
        foreach (var relative in files)
        {
            if (relative.Split('/').Any(Skip.Contains)) continue;
            string from = Path.Combine(context.Source, relative);
            if (!File.Exists(from)) continue; // deleted in the work tree, still in git's index
            string to = context.InTarget(relative);
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(from, to);
            n++;
        }
        context.Log.Add($"{Name}: {n} files");
    }

    static List<string>? GitFiles(string root)
    {
        if (!Directory.Exists(Path.Combine(root, ".git")) && !File.Exists(Path.Combine(root, ".git"))) return null;
        try
        {
            var start = new ProcessStartInfo("git", ["-C", root, "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            using var git = Process.Start(start)!;
            string output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries).Distinct().ToList() : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }

    static List<string> WalkFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList();
}

/// <summary>Removes the reference solutions: <c>solutions/</c> and every <c>solutions/</c> folder of a course under tests/.</summary>
public sealed class RemoveSolutions : IReleaseStep
{
    /// <inheritdoc/>
    public string Name => "remove-solutions";

    /// <inheritdoc/>
    public void Run(ReleaseContext context) =>
        context.Log.Add($"{Name}: removed {ReleaseFiles.DeleteFolders(context, "solutions")} folder(s)");
}

/// <summary>Removes every <c>HiddenChecks/</c> folder (the course's and the sample course's).</summary>
public sealed class RemoveHiddenChecks : IReleaseStep
{
    /// <inheritdoc/>
    public string Name => "remove-hidden-checks";

    /// <inheritdoc/>
    public void Run(ReleaseContext context) =>
        context.Log.Add($"{Name}: removed {ReleaseFiles.DeleteFolders(context, "HiddenChecks")} folder(s)");
}

/// <summary>
/// Every exercise cell becomes its stub (rebuilt from the solution file, so a solution left
/// in a notebook by mistake does not travel), cells tagged as solutions or model answers are
/// removed, and every output is cleared (an executed cell's output can show an answer).
/// </summary>
public sealed class StripNotebooks : IReleaseStep
{
    /// <summary>Cell tags whose cells are the instructor's only (nbgrader's "solution" and a written answer's model).</summary>
    public static readonly string[] InstructorTags = ["solution", "model-answer", "model_answer", "instructor"];

    /// <inheritdoc/>
    public string Name => "strip-notebooks";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        var solutions = new SolutionStore(context.Course.SolutionsDirectory);
        string folder = context.InTarget("notebooks");
        if (!Directory.Exists(folder)) return;
        int notebooks = 0, removed = 0;
        foreach (var path in Directory.EnumerateFiles(folder, "*.ipynb").Order(StringComparer.Ordinal))
        {
            var stripped = SolutionSplicer.Strip(Notebook.Load(path), solutions);
            var cells = (JsonArray)stripped.Root["cells"]!;
            for (int i = cells.Count - 1; i >= 0; i--)
            {
                var cell = (JsonObject)cells[i]!;
                if (IsInstructorOnly(cell)) { cells.RemoveAt(i); removed++; continue; }
                if ((string?)cell["cell_type"] != "code") continue;
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }
            Notebook.Parse(stripped.ToJson(), path).Save(path);
            notebooks++;
        }
        context.Log.Add($"{Name}: {notebooks} notebooks stubbed and cleared, {removed} instructor-only cells removed");
    }

    static bool IsInstructorOnly(JsonObject cell) =>
        cell["metadata"]?["tags"] is JsonArray tags && tags.Any(t => t is JsonValue v && v.TryGetValue<string>(out var s) && InstructorTags.Contains(s));
}

/// <summary>
/// Writes <c>exercises/&lt;id&gt;.cs</c>: each exercise's solution file with every solution
/// region emptied down to <c>throw new NotImplementedException();</c>. They are what the
/// student's grader needs (points, the expected signature, and — the regions stripped — the
/// same stub as the notebook's) without a line of the answer.
/// </summary>
public sealed class WriteExerciseSpecs : IReleaseStep
{
    /// <summary>The folder of the specs in the release.</summary>
    public const string Folder = "exercises";

    /// <inheritdoc/>
    public string Name => "write-exercise-specs";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        var solutions = new SolutionStore(context.Course.SolutionsDirectory);
        int n = 0;
        foreach (var id in solutions.Ids())
        {
            AtomicFile.WriteAllText(Path.Combine(context.InTarget(Folder), id + ".cs"), EmptyRegions(solutions.Get(id).Code));
            n++;
        }
        context.Log.Add($"{Name}: {n} exercise stubs");
    }

    /// <summary>The code with each BEGIN/END SOLUTION region's lines replaced by one throw at the BEGIN line's indentation.</summary>
    public static string EmptyRegions(string code)
    {
        var output = new List<string>();
        bool inside = false;
        foreach (var line in code.Replace("\r\n", "\n").Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed == ExerciseMarker.BeginSolution)
            {
                inside = true;
                output.Add(line);
                output.Add(line[..(line.Length - line.TrimStart().Length)] + ExerciseMarker.StubThrow);
            }
            else if (trimmed == ExerciseMarker.EndSolution)
            {
                inside = false;
                output.Add(line);
            }
            else if (!inside) output.Add(line);
        }
        return string.Join("\n", output).TrimEnd('\n') + "\n";
    }
}

/// <summary>File helpers the steps share.</summary>
internal static class ReleaseFiles
{
    /// <summary>Deletes every folder named <paramref name="name"/> in the release; returns how many.</summary>
    public static int DeleteFolders(ReleaseContext context, string name)
    {
        var found = Directory.EnumerateDirectories(context.Target, name, SearchOption.AllDirectories).OrderByDescending(d => d.Length).ToList();
        foreach (var dir in found.Where(Directory.Exists)) Directory.Delete(dir, recursive: true);
        return found.Count;
    }
}
