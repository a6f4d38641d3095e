using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Running;

/// <summary>Settings of a headless notebook run.</summary>
public sealed record RunOptions
{
    /// <summary>How long one cell may run before the kernel is stopped.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the kernel may take to start.</summary>
    public TimeSpan StartupTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Keep running the cells after a failing one (the default stops, like "Run All" does).</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>The folder holding <c>.config/dotnet-tools.json</c>; default: found above the notebook's folder.</summary>
    public string? ManifestRoot { get; init; }

    /// <summary>
    /// Environment variables set for the kernel on top of this process's, e.g. the course's knobs
    /// COURSEKIT_SEED and COURSEKIT_QUICK (see <see cref="CourseKnobs"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

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

    /// <summary>Advice for the console when the failure looks like a cell run before the setup cell (<see cref="SetupHint"/>).</summary>
    public string? Hint { get; init; }

    /// <summary>The first failing cell (0-based index among all cells), if any.</summary>
    public int? FirstFailedCell => Results.Where(r => !r.Result.Succeeded).Select(r => (int?)r.CellIndex).FirstOrDefault();
}

/// <summary>
/// Runs a notebook top to bottom in a fresh dotnet-interactive kernel (<see cref="KernelClient"/>)
/// started in the notebook's folder, like "Run All" in VS Code or <c>jupyter nbconvert
/// --execute</c>, and returns an executed copy; the input notebook object is not changed.
/// </summary>
public static class NotebookRunner
{
    /// <summary>Runs every code cell of <paramref name="notebook"/> in order.</summary>
    /// <param name="notebook">The notebook (must have the C# kernel).</param>
    /// <param name="notebookDirectory">The notebook's folder: the kernel's working directory, for relative <c>#r</c> and file paths.</param>
    /// <param name="options">Time limits, error policy, progress callback.</param>
    /// <exception cref="KernelUnavailableException">The kernel cannot be restored or started.</exception>
    public static async Task<NotebookRunResult> RunAsync(Notebook notebook, string notebookDirectory, RunOptions? options = null)
    {
        options ??= new RunOptions();
        notebook.EnsureCSharpKernel();
        var executed = notebook.Clone();
        foreach (var cell in executed.Cells.Where(c => c.IsCode))
        {
            // Cells not reached after a failure stay empty, as a fresh kernel would leave them.
            cell.Outputs.Clear();
            cell.ExecutionCount = null;
        }

        var results = new List<(int, CellResult)>();
        await using var kernel = await KernelClient.StartAsync(notebookDirectory, options.ManifestRoot, options.StartupTimeout, options.Environment).ConfigureAwait(false);
        for (int i = 0; i < executed.Cells.Count; i++)
        {
            var cell = executed.Cells[i];
            if (!cell.IsCode) continue;
            var result = await kernel.SubmitAsync(cell.Source, options.CellTimeout, KernelName(cell.KernelName)).ConfigureAwait(false);
            cell.ExecutionCount = result.ExecutionCount;
            results.Add((i, result));
            options.OnCellFinished?.Invoke(i, result);
            if (!result.Succeeded && (!options.ContinueOnError || kernel.IsBroken)) break;
        }
        // Outputs are written once every cell ran: a later cell may update what an earlier one displayed.
        for (int r = 0; r < results.Count; r++)
        {
            var (index, result) = results[r];
            result = result with { Outputs = kernel.CurrentOutputs(result.ExecutionCount) };
            results[r] = (index, result);
            foreach (var output in result.Outputs) executed.Cells[index].Outputs.Add(OutputJson.ToJson(output, result.ExecutionCount));
        }

        string? hint = null;
        int failed = results.FindIndex(r => !r.Item2.Succeeded);
        if (failed >= 0)
            hint = SetupHint.For(results[failed].Item2, results.Take(failed).Select(r => executed.Cells[r.Item1].Source));
        return new NotebookRunResult(executed, results) { Succeeded = failed < 0, Hint = hint };
    }

    /// <summary>The kernel a cell targets: Polyglot's per-cell kernel name, C# when the cell names none.</summary>
    static string KernelName(string name) => name is "" or "C#" or "c#" ? "csharp" : name;
}
