namespace CourseKit.Notebooks.Grading;

/// <summary>How an exercise's grading ended.</summary>
public enum GradeStatus
{
    /// <summary>Every check passed.</summary>
    Passed,
    /// <summary>It ran; some checks failed.</summary>
    Failed,
    /// <summary>The cell still holds its stub.</summary>
    NotAttempted,
    /// <summary>The cell does not compile.</summary>
    CompileError,
    /// <summary>The cell uses an API exercise cells may not use (reflection, files, the library's own answer...); nothing ran.</summary>
    Refused,
    /// <summary>The cell's method or class differs from the exercise's signature.</summary>
    SignatureMismatch,
    /// <summary>The checks did not finish within the time limit.</summary>
    TimedOut,
    /// <summary>The process running the checks died (stack overflow, Environment.Exit, out of memory...).</summary>
    Crashed,
    /// <summary>The notebook has no cell for this exercise.</summary>
    Missing,
    /// <summary>Grading itself could not run (no solution file, no checks): a course problem, not the student's.</summary>
    Error,
}

/// <summary>The verdict of one check.</summary>
/// <param name="Name">The check's name.</param>
/// <param name="Weight">Its share of the exercise's points.</param>
/// <param name="Passed">Whether it passed.</param>
/// <param name="Message">What went wrong and what was expected (empty on success).</param>
/// <param name="Output">What the student's code printed during the check.</param>
public sealed record CheckOutcome(string Name, double Weight, bool Passed, string Message, string Output);

/// <summary>The grade of one exercise.</summary>
/// <param name="ExerciseId">The exercise.</param>
/// <param name="MaxScore">Its points (from the reference solution's marker).</param>
/// <param name="Score">Points earned: <see cref="MaxScore"/> times the passed share of check weights.</param>
/// <param name="Status">How grading ended.</param>
/// <param name="Summary">One paragraph a student can act on.</param>
/// <param name="Checks">Per-check verdicts (empty when the code never ran).</param>
/// <param name="Elapsed">Wall time spent on this exercise.</param>
public sealed record ExerciseGrade(string ExerciseId, double MaxScore, double Score, GradeStatus Status, string Summary,
    IReadOnlyList<CheckOutcome> Checks, TimeSpan Elapsed)
{
    /// <summary>The cell's compiler warnings, "(line,column): warning CSxxxx: message" as the kernel shows them.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>A readable multi-line report: the summary, the compiler's warnings, then one line per check.</summary>
    public string Report()
    {
        var lines = new List<string> { $"{ExerciseId}: {Score:0.##}/{MaxScore:0.##} ({Status}) {Summary}".TrimEnd() };
        lines.AddRange(Warnings.Select(w => "  " + w));
        foreach (var c in Checks)
        {
            lines.Add(c.Passed ? $"  ✔ {c.Name}" : $"  ✘ {c.Name}: {c.Message}");
            if (!string.IsNullOrWhiteSpace(c.Output)) lines.Add("    printed: " + c.Output.TrimEnd().Replace("\n", "\n    "));
        }
        return string.Join('\n', lines);
    }
}

/// <summary>The grade of one notebook.</summary>
/// <param name="Notebook">The submission's path.</param>
/// <param name="Exercises">One grade per expected exercise.</param>
/// <param name="Error">Why the notebook could not be graded at all (unreadable, duplicate ids), if so.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record NotebookGrade(string Notebook, IReadOnlyList<ExerciseGrade> Exercises, string? Error, TimeSpan Elapsed)
{
    /// <summary>The written answers, graded by hand (a TA's scores merged in, or pending).</summary>
    public IReadOnlyList<AnswerGrade> Answers { get; init; } = [];

    /// <summary>Points earned: the exercises' and the TA scores merged so far.</summary>
    public double Score => Math.Round(Exercises.Sum(e => e.Score) + Answers.Sum(a => a.Earned), 4);

    /// <summary>Points available, written questions included.</summary>
    public double MaxScore => Exercises.Sum(e => e.MaxScore) + Answers.Sum(a => a.MaxScore);
}
