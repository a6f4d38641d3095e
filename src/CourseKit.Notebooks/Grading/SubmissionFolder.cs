using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Grading;

/// <summary>One student's submission: their notebooks, by the reference notebook each answers.</summary>
/// <param name="Student">The student's name (a folder or notebook name in the submissions folder; made unique).</param>
/// <param name="Notebooks">The notebooks to grade.</param>
/// <param name="Files">Every file of the submission (hashed to know when it changed).</param>
public sealed record StudentSubmission(string Student, IReadOnlyList<string> Notebooks, IReadOnlyList<string> Files);

/// <summary>Something wrong with a submission, reported on its own line with the student's name.</summary>
public sealed record SubmissionProblem(string Student, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Student}: {Message}";
}

/// <summary>
/// Reads a folder of submissions as an LMS hands them out: one folder per student (named by
/// student) or one notebook per student (<c>alice.ipynb</c>). Whatever is odd — files that are
/// not notebooks, two submissions under one name, an empty folder, a notebook renamed by a
/// download (<c>02_dqn_cartpole (3).ipynb</c>), two notebooks answering the same assignment —
/// becomes a <see cref="SubmissionProblem"/>, and the rest of the class is still graded.
/// </summary>
public static partial class SubmissionFolder
{
    /// <summary>The students of <paramref name="folder"/>, and the problems found.</summary>
    /// <param name="folder">The submissions folder.</param>
    /// <param name="referenceNames">File names of the course's notebooks (to recognise renamed copies), or empty.</param>
    public static (IReadOnlyList<StudentSubmission> Students, IReadOnlyList<SubmissionProblem> Problems) Read(string folder, IReadOnlyCollection<string> referenceNames)
    {
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"{folder}: no such submissions folder.");
        var students = new List<StudentSubmission>();
        var problems = new List<SubmissionProblem>();
        var taken = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        var entries = Directory.EnumerateFileSystemEntries(folder).Where(p => !Path.GetFileName(p).StartsWith('.'))
            .Order(StringComparer.Ordinal).ToList();
        foreach (var entry in entries)
        {
            bool isDir = Directory.Exists(entry);
            string name = isDir ? Path.GetFileName(entry) : Path.GetFileNameWithoutExtension(entry);
            if (!isDir && !entry.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
            {
                problems.Add(new(name, $"{Path.GetFileName(entry)} is not a notebook (.ipynb) nor a student's folder; ignored."));
                continue;
            }
            string student = name;
            if (taken.TryGetValue(name, out var first))
            {
                for (int k = 2; taken.ContainsKey(student); k++) student = $"{name} ({k})";
                problems.Add(new(name, $"two submissions under one name ({first} and {Path.GetFileName(entry)}{(isDir ? "/" : "")}); " +
                                       $"the second is graded as \"{student}\"."));
            }
            taken[student] = Path.GetFileName(entry) + (isDir ? "/" : "");
            students.Add(isDir ? FromFolder(student, entry, referenceNames, problems) : new StudentSubmission(student, [entry], [entry]));
        }
        if (entries.Count == 0) problems.Add(new("(class)", $"{folder} is empty: no submission to grade."));
        return (students, problems);
    }

    static StudentSubmission FromFolder(string student, string dir, IReadOnlyCollection<string> referenceNames, List<SubmissionProblem> problems)
    {
        var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(p => !p.Contains(".ipynb_checkpoints", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).ToList();
        var notebooks = new List<string>();
        foreach (var f in files)
        {
            if (f.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase)) notebooks.Add(f);
            else problems.Add(new(student, $"{Path.GetRelativePath(dir, f)} is not a notebook; ignored."));
        }
        if (notebooks.Count == 0) problems.Add(new(student, "the submission folder holds no notebook; nothing graded."));

        // Two copies of one assignment (an LMS keeps every upload) must not be counted twice:
        // the exact name wins, else the newest upload.
        var chosen = new List<string>();
        foreach (var group in notebooks.GroupBy(n => Assignment(Path.GetFileName(n), referenceNames) ?? Path.GetFileName(n), StringComparer.OrdinalIgnoreCase))
        {
            var pick = group.OrderByDescending(n => string.Equals(Path.GetFileName(n), group.Key, StringComparison.OrdinalIgnoreCase))
                .ThenByDescending(File.GetLastWriteTimeUtc).First();
            chosen.Add(pick);
            if (group.Count() > 1)
                problems.Add(new(student, $"{group.Count()} notebooks answer {group.Key} ({string.Join(", ", group.Select(Path.GetFileName))}); " +
                                          $"graded {Path.GetFileName(pick)} only."));
            else if (!string.Equals(Path.GetFileName(pick), group.Key, StringComparison.OrdinalIgnoreCase))
                problems.Add(new(student, $"{Path.GetFileName(pick)} is graded as {group.Key} (renamed copy)."));
        }
        return new StudentSubmission(student, chosen.Order(StringComparer.Ordinal).ToList(), files);
    }

    /// <summary>
    /// The reference notebook a file name stands for: itself, or with a download's suffix
    /// removed (<c>02_dqn_cartpole (3).ipynb</c>, <c>02_dqn_cartpole-1.ipynb</c>); null when it names none.
    /// </summary>
    public static string? Assignment(string fileName, IReadOnlyCollection<string> referenceNames)
    {
        if (referenceNames.Contains(fileName, StringComparer.OrdinalIgnoreCase)) return referenceNames.First(r => string.Equals(r, fileName, StringComparison.OrdinalIgnoreCase));
        string stem = DownloadSuffix().Replace(Path.GetFileNameWithoutExtension(fileName), "");
        return referenceNames.FirstOrDefault(r => string.Equals(Path.GetFileNameWithoutExtension(r), stem, StringComparison.OrdinalIgnoreCase));
    }

    [GeneratedRegex(@"(\s*\(\d+\)|-\d+|_\d+)$")]
    private static partial Regex DownloadSuffix();
}
