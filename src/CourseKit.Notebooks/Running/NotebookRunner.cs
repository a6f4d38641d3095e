using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Running;

/// <summary>Settings of a headless notebook run.</summary>
public sealed record RunOptions
{
    /// <summary>How long one cell may run.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Keep running the cells after a failing one (the default stops, like "Run All" does).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Packages the project builds, mapped to local DLLs (see <see cref="KernelOptions.ProjectPackages"/>).</summary>
    public IReadOnlyDictionary<string, string> ProjectPackages { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Make the notebook's folder the process's working directory during the run, as VS Code
    /// starts the kernel there (so <c>File.ReadAllText("../data/x.csv")</c> works). The working
    /// directory is process-wide: runs that ask for it are serialised, and the previous one is restored.
    /// </summary>
    public bool UseNotebookFolderAsWorkingDirectory { get; init; }

    /// <summary>Called after each cell with its index (0-based among all cells) and result, for progress lines.</summary>
    public Action<int, CellResult>? OnCellFinished { get; init; }
}

/// <summary>The outcome of running a notebook.</summary>
/// <param name="Executed">A copy of the notebook holding the outputs and execution counts.</param>
/// <param name="Results">The result of each code cell that ran, in order.</param>
public sealed record NotebookRunResult(Notebook Executed, IReadOnlyList<(int CellIndex, CellResult Result)> Results)
{
    /// <summary>True when every code cell ran without error.</summary>
    public bool Succeeded { get; init; }

    /// <summary>The first failing cell (0-based index among all cells), if any.</summary>
    public int? FirstFailedCell => Results.Where(r => !r.Result.Succeeded).Select(r => (int?)r.CellIndex).FirstOrDefault();
}

/// <summary>
/// Runs a notebook top to bottom in a fresh <see cref="KernelSession"/>, like "Run All" in VS
/// Code or <c>jupyter nbconvert --execute</c>, and returns an executed copy; the input notebook
/// object is not changed.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs every code cell of <paramref name="notebook"/> in order.</summary>
    /// <param name="notebook">The notebook (must have the C# kernel).</param>
    /// <param name="baseDirectory">The notebook's folder, for relative <c>#r</c> paths.</param>
    /// <param name="options">Time limit, error policy, progress callback.</param>
    public static async Task<NotebookRunResult> RunAsync(Notebook notebook, string baseDirectory, RunOptions? options = null)
    {
        options ??= new RunOptions();
        if (!options.UseNotebookFolderAsWorkingDirectory) return await RunInPlaceAsync(notebook, baseDirectory, options).ConfigureAwait(false);
        await s_workingDirectoryGate.WaitAsync().ConfigureAwait(false);
        string previous = Directory.GetCurrentDirectory();
        try
        {
            Directory.SetCurrentDirectory(Path.GetFullPath(baseDirectory));
            return await RunInPlaceAsync(notebook, baseDirectory, options).ConfigureAwait(false);
        }
        finally
        {
            Directory.SetCurrentDirectory(previous);
            s_workingDirectoryGate.Release();
        }
    }

    static readonly SemaphoreSlim s_workingDirectoryGate = new(1, 1);

    static async Task<NotebookRunResult> RunInPlaceAsync(Notebook notebook, string baseDirectory, RunOptions options)
    {
        notebook.EnsureCSharpKernel();
        var executed = notebook.Clone();
        var session = new KernelSession(new KernelOptions
        {
            BaseDirectory = Path.GetFullPath(baseDirectory),
            CellTimeout = options.CellTimeout,
            ProjectPackages = options.ProjectPackages,
        });

        var results = new List<(int, CellResult)>();
        bool stopped = false;
        for (int i = 0; i < executed.Cells.Count; i++)
        {
            var cell = executed.Cells[i];
            if (!cell.IsCode) continue;
            // Cells not reached after a failure are cleared, as a fresh kernel would leave them.
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
            if (stopped) continue;

            CellResult result = cell.KernelName is "csharp" or "C#" or "c#"
                ? await session.ExecuteAsync(cell.Source).ConfigureAwait(false)
                : new CellResult(0, [new ErrorOutput("KernelError",
                    $"This cell uses the '{cell.KernelName}' kernel; the headless runner runs C# cells only.", [])], TimeSpan.Zero);

            cell.ExecutionCount = result.ExecutionCount == 0 ? null : result.ExecutionCount;
            foreach (var output in result.Outputs) cell.Outputs.Add(OutputJson.ToJson(output, result.ExecutionCount));
            results.Add((i, result));
            options.OnCellFinished?.Invoke(i, result);
            if (!result.Succeeded && (!options.ContinueOnError || session.IsBroken)) stopped = true;
        }
        return new NotebookRunResult(executed, results) { Succeeded = results.All(r => r.Item2.Succeeded) };
    }
}
