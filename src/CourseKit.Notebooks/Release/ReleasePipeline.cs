namespace CourseKit.Notebooks.Release;

/// <summary>What every release step works on.</summary>
/// <param name="Source">The instructor's repository.</param>
/// <param name="Target">The folder being filled (a temporary one until the pipeline succeeds).</param>
/// <param name="Version">The release version stamped into it.</param>
public sealed record ReleaseContext(string Source, string Target, string Version)
{
    /// <summary>What the steps did, one line each, for the release log.</summary>
    public List<string> Log { get; } = [];

    /// <summary>The course's layout in the instructor's repository.</summary>
    public CourseLayout Course => CourseLayout.ForRepository(Source);

    /// <summary>A path in the release from a repository-relative one.</summary>
    public string InTarget(string relative) => Path.Combine(Target, relative.Replace('/', Path.DirectorySeparatorChar));
}

/// <summary>One small named transformation of the release folder.</summary>
public interface IReleaseStep
{
    /// <summary>The step's name, shown in the log.</summary>
    string Name { get; }

    /// <summary>Applies the step.</summary>
    void Run(ReleaseContext context);
}

/// <summary>
/// Writes the repository a student gets, as a pipeline of named steps in the manner of
/// nbgrader's: copy the sources, remove the reference solutions and hidden checks, strip the
/// notebooks back to their stubs and clear their outputs, replace the instructor's tests by the
/// student's, write the student README and stamp the version — then verify that nothing of
/// the answers is left. The release is built in a temporary folder beside the target and moved
/// into place only when every step and the verification passed.
/// </summary>
public static class ReleasePipeline
{
    /// <summary>The steps, in order.</summary>
    public static IReadOnlyList<IReleaseStep> Steps { get; } =
    [
        new CopySources(),
        new RemoveSolutions(),
        new RemoveHiddenChecks(),
        new StripNotebooks(),
        new WriteExerciseSpecs(),
        new ReplaceInstructorTests(),
        new WriteStudentReadme(),
        new StampVersion(),
        new VerifyNoAnswers(),
    ];

    /// <summary>Builds the release of <paramref name="source"/> into <paramref name="target"/> (which must not exist or be empty).</summary>
    /// <returns>The log, one line per step.</returns>
    /// <exception cref="InvalidOperationException">A step failed, or answers would leak; nothing is written then.</exception>
    public static IReadOnlyList<string> Build(string source, string target, string version)
    {
        source = Path.GetFullPath(source);
        target = Path.GetFullPath(target);
        if (!File.Exists(Path.Combine(source, "CourseKit.sln")))
            throw new InvalidOperationException($"{source} is not the course repository (no CourseKit.sln).");
        if (target.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !IsIgnoredOutput(source, target))
            throw new InvalidOperationException($"--out {target} lies inside the repository; use a folder outside it (or under out/).");
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
            throw new InvalidOperationException($"--out {target} exists and is not empty; give a new folder.");

        string temp = target.TrimEnd(Path.DirectorySeparatorChar) + ".partial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(temp);
        var context = new ReleaseContext(source, temp, version);
        try
        {
            foreach (var step in Steps)
            {
                int before = context.Log.Count;
                step.Run(context);
                if (context.Log.Count == before) context.Log.Add($"{step.Name}: done");
            }
            if (Directory.Exists(target)) Directory.Delete(target);
            Directory.Move(temp, target);
            return context.Log;
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    static bool IsIgnoredOutput(string source, string target)
    {
        string relative = Path.GetRelativePath(source, target).Replace('\\', '/');
        return relative.StartsWith("out/", StringComparison.Ordinal) || relative == "out";
    }
}
