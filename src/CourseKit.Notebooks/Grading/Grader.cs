using System.Diagnostics;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Grading;

/// <summary>Settings of a <see cref="Grader"/>.</summary>
public sealed record GraderOptions
{
    /// <summary>The built CourseKit library the exercises are compiled against.</summary>
    public required string CourseKitDll { get; init; }

    /// <summary>The reference solutions (the authority for points, signatures and stubs).</summary>
    public required SolutionStore Solutions { get; init; }

    /// <summary>Library members each exercise may not call; null reads <see cref="ForbiddenMembers.FileName"/> beside <see cref="Solutions"/>.</summary>
    public ForbiddenMembers? Forbidden { get; init; }

    /// <summary>Assemblies with hidden checks (see <see cref="CheckAssemblyBuilder"/>); CourseKit's visible checks always run.</summary>
    public IReadOnlyList<string> CheckAssemblies { get; init; } = [];

    /// <summary>Student-edition notebooks, to know which exercises a submission must contain (optional).</summary>
    public string? ReferenceNotebooksDirectory { get; init; }

    /// <summary>
    /// Time limit for one exercise's checks, child process start included: CPU time of the
    /// worker's process tree on Linux (the wall clock then allows <see cref="WorkerProcess.WallClockLimit"/>),
    /// wall-clock time elsewhere.
    /// </summary>
    public TimeSpan ExerciseTimeLimit { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>GC heap limit of the child process.</summary>
    public long MemoryLimitBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>How many exercises are graded at once.</summary>
    public int MaxParallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>The OS sandbox of the workers (Linux, bubblewrap) and its limits.</summary>
    public SandboxOptions Sandbox { get; init; } = SandboxOptions.Default;

    /// <summary>Replaces the exercise compiler: tests use it to run hostile code past compile-time refusals and prove the OS sandbox.</summary>
    internal Func<string, string, string, CompiledExercise>? CompileOverride { get; init; }
}

/// <summary>
/// Grades exercise cells: each is compiled on its own against CourseKit and its visible and
/// hidden checks run in a child process with a time and memory limit, so nothing a submission
/// does can stop the grading of the others. Submission files are only read.
/// </summary>
public sealed class Grader : IDisposable
{
    readonly GraderOptions _options;
    readonly ExerciseCompiler _compiler;
    readonly string _workDirectory;
    readonly WorkerProcess _worker;
    readonly SemaphoreSlim _slots;
    readonly ForbiddenMembers _forbidden;
    int _assemblyCounter;

    /// <summary>Creates a grader with a private temporary folder for compiled exercises.</summary>
    public Grader(GraderOptions options)
    {
        if (!File.Exists(options.CourseKitDll))
            throw new InvalidOperationException($"CourseKit is not built: {options.CourseKitDll} is missing. Run 'dotnet build' in the repository root.");
        _options = options;
        _compiler = new ExerciseCompiler(options.CourseKitDll);
        Backend = TensorBackends.BackendOf(options.CourseKitDll);
        var probe = _compiler.CreateCompilation("", "ForbiddenMembersProbe");
        _forbidden = (options.Forbidden ?? ForbiddenMembers.Load(options.Solutions)).ForBackend(Backend, probe);
        // A misspelt or renamed member would forbid nothing without a word: refuse to grade instead.
        var unresolved = _forbidden.Unresolved(probe);
        if (unresolved.Count > 0)
            throw new InvalidOperationException($"{Path.Combine(options.Solutions.Directory, ForbiddenMembers.FileName)} names members CourseKit does not have: " +
                                                string.Join("; ", unresolved) + ". Fix the names (namespace.Type or namespace.Type.Member).");
        _workDirectory = Path.Combine(Path.GetTempPath(), $"coursekit-grade-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(_workDirectory);
        _worker = new WorkerProcess(_workDirectory, options.Sandbox);
        _slots = new SemaphoreSlim(options.MaxParallelism);
    }

    /// <summary>
    /// The tensor backend of the library this grader compiles against (<see cref="GraderOptions.CourseKitDll"/>'s folder).
    /// Cells of either edition are graded: each is first put in this backend's edition (<see cref="TensorBackends.RewriteCode"/>).
    /// </summary>
    public TensorBackend Backend { get; }

    /// <summary>The settings this grader runs with.</summary>
    public GraderOptions Options => _options;

    /// <summary>One line for reports: whether and how submissions were sandboxed.</summary>
    public string Isolation => _worker.Isolation(_options.ExerciseTimeLimit, _options.MemoryLimitBytes);

    /// <summary>The token on every worker command line of this grader (to prove none is left running).</summary>
    internal string WorkerToken => _worker.Token;

    /// <summary>A grader for a course layout: compiles its hidden checks (cached) and uses its solutions and notebooks.</summary>
    public static Grader ForCourse(CourseLayout layout, Func<GraderOptions, GraderOptions>? adjust = null)
    {
        string? hidden = CheckAssemblyBuilder.Build(layout.HiddenCheckDirectories, layout.CourseKitDll);
        var options = new GraderOptions
        {
            CourseKitDll = layout.CourseKitDll,
            Solutions = new SolutionStore(layout.SolutionsDirectory),
            CheckAssemblies = hidden is null ? [] : [hidden],
            ReferenceNotebooksDirectory = layout.NotebooksDirectory,
        };
        return new Grader(adjust is null ? options : adjust(options));
    }

    /// <summary>
    /// Grades one exercise's code. A cell still equal to its stub is <see cref="GradeStatus.NotAttempted"/>
    /// unless <paramref name="forceRun"/> (used to prove that every stub fails its checks).
    /// </summary>
    public async Task<ExerciseGrade> GradeExerciseAsync(string exerciseId, string code, bool forceRun = false)
    {
        var watch = Stopwatch.StartNew();
        Solution solution;
        try { solution = _options.Solutions.Get(exerciseId); }
        catch (ExerciseFormatException e) { return Grade(exerciseId, 0, GradeStatus.Error, e.Message, watch); }
        double max = solution.Points;
        code = TensorBackends.RewriteCode(code, Backend);

        if (!forceRun && Stubs.IsUnchangedStub(code, TensorBackends.RewriteCode(solution.Stub, Backend)))
            return Grade(exerciseId, max, GradeStatus.NotAttempted, "Not attempted: the cell still holds its TODO stub.", watch);

        ExerciseShape expected = ExerciseShape.Read(solution.Code, solution.Path), actual;
        try { actual = ExerciseShape.Read(code, $"exercise {exerciseId}"); }
        catch (ExerciseFormatException e) { return Grade(exerciseId, max, GradeStatus.SignatureMismatch, e.Message, watch); }
        if (actual.Kind != expected.Kind || actual.SubjectSignature != expected.SubjectSignature)
            return Grade(exerciseId, max, GradeStatus.SignatureMismatch,
                $"The exercise asks for `{expected.SubjectSignature}` but the cell declares `{actual.SubjectSignature}`. Keep the given signature; only write the body.", watch);

        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            int n = Interlocked.Increment(ref _assemblyCounter);
            string assemblyName = $"Exercise{n}_{exerciseId.Replace('.', '_')}";
            string output = Path.Combine(_workDirectory, assemblyName + ".dll");
            var compiled = _options.CompileOverride?.Invoke(code, assemblyName, output) ?? _compiler.Compile(code, assemblyName, output, RulesFor(exerciseId));
            if (compiled.Refusals.Count > 0)
                return Grade(exerciseId, max, GradeStatus.Refused, CellApiInspector.Explain(compiled.Refusals), watch) with { Warnings = compiled.Warnings };
            if (!compiled.Succeeded)
                return Grade(exerciseId, max, GradeStatus.CompileError, CompileErrorMessage(compiled.Errors), watch) with { Warnings = compiled.Warnings };

            var job = new WorkerProtocol.Job(WorkerProcess.NewNonce(), exerciseId, compiled.AssemblyPath!, expected.Kind.ToString(),
                expected.SubjectName, expected.ParameterCount, Path.GetFullPath(_options.CourseKitDll), _options.CheckAssemblies);
            var outcome = await _worker.RunAsync(job, _options.ExerciseTimeLimit, _options.MemoryLimitBytes).ConfigureAwait(false);
            return FromOutcome(exerciseId, max, outcome, watch) with { Warnings = compiled.Warnings };
        }
        finally
        {
            _slots.Release();
        }
    }

    IReadOnlyList<ApiRule> RulesFor(string exerciseId) =>
        _forbidden.RuleFor(exerciseId) is { } own ? [own, .. ApiRules.CourseWide] : ApiRules.CourseWide;

    static string CompileErrorMessage(IReadOnlyList<string> errors)
    {
        string message = "The cell does not compile (line numbers count from the cell's first line):\n" + string.Join("\n", errors);
        // In the notebook the cell can see every earlier cell; graded, it stands alone.
        if (errors.Any(e => e.Contains("CS0103") || e.Contains("CS0246")))
            message += "\nExercise cells are graded on their own: names defined in other cells (your other exercises, helper " +
                       "variables) do not exist here, even though the notebook's self-check could see them. Write what you need inside this cell.";
        if (errors.Any(e => e.Contains("CS0227") || e.Contains("CS0214")))
            message += "\nUnsafe code (pointers, fixed, function pointers) is refused in exercise cells: no exercise needs it.";
        return message;
    }

    /// <summary>
    /// Grades every exercise of a notebook. The exercises expected are those of the reference
    /// notebook of the same file name (when there is one), else those found in the submission.
    /// </summary>
    public async Task<NotebookGrade> GradeNotebookAsync(string notebookPath)
    {
        var watch = Stopwatch.StartNew();
        Notebook submission;
        IReadOnlyList<Exercise> found;
        IReadOnlyList<AnswerGrade> answers;
        try
        {
            submission = Notebook.Load(notebookPath);
            submission.EnsureCSharpKernel();
            found = ExerciseExtractor.Extract(submission);
            answers = WrittenAnswers.Collect(submission, notebookPath, _options.ReferenceNotebooksDirectory, _options.Solutions);
        }
        catch (Exception e) when (e is NotebookFormatException or ExerciseFormatException)
        {
            return new NotebookGrade(notebookPath, [], e.Message, watch.Elapsed);
        }

        var expectedIds = ExpectedExercises(notebookPath, found) ?? found.Select(e => e.Id).ToList();
        var byId = found.ToDictionary(e => e.Id);
        var grades = await Task.WhenAll(expectedIds.Select(async id =>
        {
            if (byId.TryGetValue(id, out var exercise)) return await GradeExerciseAsync(id, exercise.Code).ConfigureAwait(false);
            double max = _options.Solutions.TryGet(id)?.Points ?? 0;
            return new ExerciseGrade(id, max, 0, GradeStatus.Missing,
                $"No cell for this exercise was found. Its first line must stay `// EXERCISE {id} (... points)`.", [], TimeSpan.Zero);
        })).ConfigureAwait(false);
        return new NotebookGrade(notebookPath, grades, null, watch.Elapsed) { Answers = answers };
    }

    /// <summary>
    /// The exercises of the reference notebook this submission answers: the one of the same file name, or, for a
    /// renamed file ("01_x (1).ipynb" from a download), the reference notebook sharing the most exercise ids with it —
    /// so a deleted cell still counts as missing rather than vanishing from the maximum.
    /// </summary>
    IReadOnlyList<string>? ExpectedExercises(string notebookPath, IReadOnlyList<Exercise> found)
    {
        if (_options.ReferenceNotebooksDirectory is null || !Directory.Exists(_options.ReferenceNotebooksDirectory)) return null;
        string sameName = Path.Combine(_options.ReferenceNotebooksDirectory, Path.GetFileName(notebookPath));
        if (File.Exists(sameName)) return IdsOf(sameName);
        var ids = found.Select(e => e.Id).ToHashSet();
        return Directory.EnumerateFiles(_options.ReferenceNotebooksDirectory, "*.ipynb")
            .Select(IdsOf)
            .Where(r => r is not null && r.Any(ids.Contains))
            .OrderByDescending(r => r!.Count(ids.Contains))
            .FirstOrDefault();
    }

    static IReadOnlyList<string>? IdsOf(string referencePath)
    {
        try { return ExerciseExtractor.Extract(Notebook.Load(referencePath)).Select(e => e.Id).ToList(); }
        catch (Exception e) when (e is NotebookFormatException or ExerciseFormatException) { return null; }
    }

    static ExerciseGrade FromOutcome(string id, double max, WorkerOutcome outcome, Stopwatch watch)
    {
        var checks = outcome.Results.Select(r => new CheckOutcome(r.Name ?? "?", r.Weight, r.Passed, r.Text ?? "", r.Output ?? "")).ToList();
        if (outcome.Fatal is not null)
            return Grade(id, max, GradeStatus.Error, $"The checks could not start: {outcome.Fatal}", watch, checks);
        if (outcome.Plan is { Count: 0 })
            return Grade(id, max, GradeStatus.Error, "No checks exist for this exercise (a course problem: tell your instructor).", watch);

        string? reason = outcome switch
        {
            { LimitReason: { } limit } => limit,
            { TimedOut: true } => outcome.TimeLimitReason ?? "Time limit exceeded: the code did not finish (an infinite loop, or far too much work).",
            { Done: true } => null,
            _ when outcome.Stderr.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) =>
                "Stack overflow: runaway recursion (check the base case).",
            _ when outcome.Stderr.Contains("OutOfMemory", StringComparison.Ordinal) =>
                "Out of memory: the code allocated more than the grader allows.",
            _ when outcome.Stderr.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase) =>
                "The code crashed with an unhandled exception: " + StudentFrames.Crash(outcome.Stderr),
            _ => $"The grading process ended early with exit code {outcome.ExitCode} (did the code call Environment.Exit?).",
        };
        if (reason is not null)
        {
            // Checks that had reported keep their verdicts; the ones that never ran fail with the reason.
            foreach (var planned in outcome.Plan ?? [new WorkerProtocol.PlannedCheck("checks", 1)])
                if (checks.All(c => c.Name != planned.Name)) checks.Add(new CheckOutcome(planned.Name, planned.Weight, false, reason, ""));
        }
        double total = checks.Sum(c => c.Weight);
        double earned = total > 0 ? max * checks.Where(c => c.Passed).Sum(c => c.Weight) / total : 0;
        var status = reason is not null
            ? outcome.TimedOut ? GradeStatus.TimedOut : GradeStatus.Crashed
            : checks.All(c => c.Passed) ? GradeStatus.Passed : GradeStatus.Failed;
        string summary = status switch
        {
            GradeStatus.Passed => "All checks passed.",
            GradeStatus.Failed => $"{checks.Count(c => !c.Passed)} of {checks.Count} checks failed.",
            _ => reason!,
        };
        return Grade(id, max, status, summary, watch, checks, Math.Round(earned, 4));
    }

    static ExerciseGrade Grade(string id, double max, GradeStatus status, string summary, Stopwatch watch,
        IReadOnlyList<CheckOutcome>? checks = null, double score = 0) =>
        new(id, max, score, status, summary, checks ?? [], watch.Elapsed);

    /// <summary>Deletes the compiled exercises.</summary>
    public void Dispose()
    {
        _slots.Dispose();
        try { Directory.Delete(_workDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
