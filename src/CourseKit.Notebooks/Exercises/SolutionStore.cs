namespace CourseKit.Notebooks.Exercises;

/// <summary>A reference solution: the full text of the solved exercise cell.</summary>
/// <param name="Id">The exercise id (the file name without <c>.cs</c>).</param>
/// <param name="Points">The points on the solution's marker line: the authority for grading.</param>
/// <param name="Code">The solved cell's text (marker line first, no final newline).</param>
/// <param name="Path">The file.</param>
public sealed record Solution(string Id, int Points, string Code, string Path)
{
    /// <summary>The student stub this solution strips to.</summary>
    public string Stub => Stubs.Strip(Code, Path);
}

/// <summary>
/// The <c>solutions/</c> folder: one file per exercise, named <c>&lt;topic&gt;.&lt;name&gt;.cs</c>,
/// holding the whole solved cell. Inside it, each piece a student must write sits between
/// <c>// BEGIN SOLUTION</c> and <c>// END SOLUTION</c> lines; stripping replaces each region by
/// the standard two-line TODO body, which is how the stub is derived (never stored twice).
/// </summary>
public sealed class SolutionStore(string directory)
{
    /// <summary>The folder.</summary>
    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    /// <summary>The file that holds (or would hold) the solution of <paramref name="id"/>.</summary>
    public string PathFor(string id) => System.IO.Path.Combine(Directory, id + ".cs");

    /// <summary>The ids of every solution file in the folder.</summary>
    public IReadOnlyList<string> Ids() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.cs").Select(p => System.IO.Path.GetFileNameWithoutExtension(p)!)
                .Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Loads and validates the solution of <paramref name="id"/>; null when there is no file.</summary>
    /// <exception cref="ExerciseFormatException">The file's marker is missing, names another exercise, or its regions are unbalanced.</exception>
    public Solution? TryGet(string id)
    {
        string path = PathFor(id);
        if (!File.Exists(path)) return null;
        string text = File.ReadAllText(path);
        // Files end with a newline by convention; notebook cells do not.
        string code = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        var marker = ExerciseMarker.Parse(code, path)
            ?? throw new ExerciseFormatException($"{path}: the first line must be the exercise marker '{ExerciseMarker.Format(id, 1)}' (with the real points).");
        if (marker.Id != id)
            throw new ExerciseFormatException($"{path}: the marker names '{marker.Id}' but the file is for '{id}'; rename the file or fix the marker.");
        var solution = new Solution(id, marker.Points, code, path);
        if (!Stubs.HasSolutionRegion(code))
            throw new ExerciseFormatException($"{path}: no '{ExerciseMarker.BeginSolution}' ... '{ExerciseMarker.EndSolution}' region, so there is nothing to strip for students.");
        _ = solution.Stub; // validates the regions
        return solution;
    }

    /// <summary>Like <see cref="TryGet"/> but a missing file is an error that says where to put it.</summary>
    public Solution Get(string id) =>
        TryGet(id) ?? throw new ExerciseFormatException($"no reference solution for exercise '{id}': expected the file {PathFor(id)}.");
}

/// <summary>Derives stubs from solved cells and recognises a cell that is still a stub.</summary>
public static class Stubs
{
    /// <summary>True when the text has at least one BEGIN SOLUTION line.</summary>
    public static bool HasSolutionRegion(string code) =>
        code.Split('\n').Any(l => l.Trim() == ExerciseMarker.BeginSolution);

    /// <summary>
    /// Replaces each BEGIN/END SOLUTION region (marker lines included) by <c>// TODO(student)</c>
    /// and <c>throw new NotImplementedException();</c>, indented like the BEGIN line. Text without
    /// regions comes back unchanged.
    /// </summary>
    public static string Strip(string code, string where)
    {
        string newLine = code.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = code.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var output = new List<string>();
        int? regionStart = null;
        for (int i = 0; i < lines.Count; i++)
        {
            string trimmed = lines[i].Trim();
            if (trimmed == ExerciseMarker.BeginSolution)
            {
                if (regionStart is not null)
                    throw new ExerciseFormatException($"{where}: line {i + 1}: '{ExerciseMarker.BeginSolution}' inside another solution region (line {regionStart + 1}).");
                regionStart = i;
                string indent = lines[i][..(lines[i].Length - lines[i].TrimStart().Length)];
                output.Add(indent + ExerciseMarker.StubTodo);
                output.Add(indent + ExerciseMarker.StubThrow);
            }
            else if (trimmed == ExerciseMarker.EndSolution)
            {
                if (regionStart is null)
                    throw new ExerciseFormatException($"{where}: line {i + 1}: '{ExerciseMarker.EndSolution}' without a BEGIN before it.");
                regionStart = null;
            }
            else if (regionStart is null)
            {
                output.Add(lines[i]);
            }
        }
        if (regionStart is not null)
            throw new ExerciseFormatException($"{where}: line {regionStart + 1}: '{ExerciseMarker.BeginSolution}' is never closed by '{ExerciseMarker.EndSolution}'.");
        return string.Join(newLine, output);
    }

    /// <summary>
    /// True when a student's cell is still the given stub, ignoring line endings, trailing
    /// spaces and blank lines at the end (an editor may add those without an attempt).
    /// </summary>
    public static bool IsUnchangedStub(string cellCode, string stub) => Canonical(cellCode) == Canonical(stub);

    static string Canonical(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n');
}
