namespace CourseKit.Notebooks.Exercises;

/// <summary>A written question's model answer and rubric.</summary>
/// <param name="Id">The question id (the file name without <c>.md</c>).</param>
/// <param name="Points">The points on the file's marker line: the authority for grading.</param>
/// <param name="MarkerLine">The file's first line.</param>
/// <param name="Answer">The model answer (Markdown, between the marker and the rubric).</param>
/// <param name="Rubric">The rubric: the <see cref="ModelAnswerStore.RubricHeading"/> line and what follows it.</param>
/// <param name="Path">The file.</param>
public sealed record ModelAnswer(string Id, int Points, string MarkerLine, string Answer, string Rubric, string Path)
{
    /// <summary>The answer cell of the instructor's edition: marker, model answer, rubric.</summary>
    public string SolvedCell => $"{MarkerLine}\n{Answer}\n\n{Rubric}";
}

/// <summary>
/// <c>solutions/answers/</c>: one Markdown file per written question, <c>&lt;id&gt;.md</c>, holding
/// the answer marker line, the model answer and, from a line starting with <c>**Rubric**</c>,
/// how the points are given. It lives under <c>solutions/</c>, so the student release never
/// carries it.
/// </summary>
public sealed class ModelAnswerStore(string directory)
{
    /// <summary>The sub-folder of <c>solutions/</c> the model answers live in.</summary>
    public const string FolderName = "answers";

    /// <summary>The start of the line that begins the rubric.</summary>
    public const string RubricHeading = "**Rubric**";

    /// <summary>The store beside a set of reference solutions.</summary>
    public static ModelAnswerStore For(SolutionStore solutions) => new(System.IO.Path.Combine(solutions.Directory, FolderName));

    /// <summary>The folder.</summary>
    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    /// <summary>The file that holds (or would hold) the model answer of <paramref name="id"/>.</summary>
    public string PathFor(string id) => System.IO.Path.Combine(Directory, id + ".md");

    /// <summary>The ids of every model answer file.</summary>
    public IReadOnlyList<string> Ids() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.md").Select(p => System.IO.Path.GetFileNameWithoutExtension(p)!)
                .Where(id => id.Contains('.')).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Loads and validates the model answer of <paramref name="id"/>; null when there is no file.</summary>
    /// <exception cref="ExerciseFormatException">The marker is missing or names another question, or the answer or rubric is missing.</exception>
    public ModelAnswer? TryGet(string id)
    {
        string path = PathFor(id);
        if (!File.Exists(path)) return null;
        var lines = File.ReadAllText(path).Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
        var marker = AnswerMarker.Parse(lines[0], path)
            ?? throw new ExerciseFormatException($"{path}: the first line must be the answer marker '{AnswerMarker.Format(id, 1)}' (with the real points).");
        if (marker.Id != id)
            throw new ExerciseFormatException($"{path}: the marker names '{marker.Id}' but the file is for '{id}'; rename the file or fix the marker.");
        int rubric = Array.FindIndex(lines, l => l.TrimStart().StartsWith(RubricHeading, StringComparison.Ordinal));
        if (rubric < 0)
            throw new ExerciseFormatException($"{path}: no rubric; end the file with a line starting '{RubricHeading}' and how the {marker.Points} points are given.");
        string answer = string.Join('\n', lines[1..rubric]).Trim();
        if (answer.Length == 0)
            throw new ExerciseFormatException($"{path}: the model answer is empty; write it between the marker line and the '{RubricHeading}' line.");
        return new ModelAnswer(id, marker.Points, lines[0].Trim(), answer, string.Join('\n', lines[rubric..]).Trim(), path);
    }

    /// <summary>Like <see cref="TryGet"/> but a missing file is an error that says where to put it.</summary>
    public ModelAnswer Get(string id) =>
        TryGet(id) ?? throw new ExerciseFormatException($"no model answer for written question '{id}': expected the file {PathFor(id)}.");
}
