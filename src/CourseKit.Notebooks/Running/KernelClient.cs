using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Running;

/// <summary>The result of one cell.</summary>
/// <param name="ExecutionCount">The cell's execution count (1, 2, ... per kernel), as Jupyter numbers them.</param>
/// <param name="Outputs">The outputs, in the order the kernel produced them.</param>
/// <param name="Elapsed">Wall-clock time of the submission.</param>
public sealed record CellResult(int ExecutionCount, IReadOnlyList<CellOutput> Outputs, TimeSpan Elapsed)
{
    /// <summary>True when the cell compiled and ran without an exception.</summary>
    public bool Succeeded => !Outputs.Any(o => o is ErrorOutput);

    /// <summary>The cell's error, if any.</summary>
    public ErrorOutput? Error => Outputs.OfType<ErrorOutput>().FirstOrDefault();

    /// <summary>
    /// One line on why the cell failed, for a console: the first compiler error, or the first line
    /// of the exception or of the runner's own error; null when it succeeded.
    /// </summary>
    public string? FailureSummary => Error is not { } error ? null
        : Outputs.OfType<StreamOutput>().Where(s => s.Name == "stderr")
              .SelectMany(s => s.Text.Split('\n')).FirstOrDefault(l => l.Contains(": error CS", StringComparison.Ordinal))
          ?? $"{error.EName}: {error.EValue.Split('\n')[0]}";
}

/// <summary>
/// Drives one dotnet-interactive kernel process over its stdio protocol: one JSON command
/// envelope per line in (<c>SubmitCode</c>), one JSON event envelope per line out, each event
/// carrying the token of the command it belongs to (a spawned command's token is the parent's
/// plus <c>.n</c>). This is the kernel VS Code and Jupyter run, so a cell behaves here as there.
/// </summary>
public sealed class KernelClient : IAsyncDisposable
{
    readonly Process _process;
    readonly Task _reader;
    readonly Task _stderrReader;
    readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly ConcurrentQueue<string> _stderrTail = new();
    readonly List<CellOutputCollector> _earlierCells = [];
    Submission? _current;
    int _executionCount;

    sealed record Submission(string Token, CellOutputCollector Outputs, TaskCompletionSource<bool> Done);

    KernelClient(Process process)
    {
        _process = process;
        _reader = Task.Run(ReadEventsAsync);
        _stderrReader = Task.Run(ReadStderrAsync);
    }

    /// <summary>True once the kernel died or was stopped after a hung cell: it runs no more cells.</summary>
    public bool IsBroken { get; private set; }

    /// <summary>
    /// Restores the pinned tool if needed and starts a kernel whose working directory is
    /// <paramref name="workingDirectory"/>; returns once the kernel reports it is ready.
    /// </summary>
    /// <param name="workingDirectory">The notebook's folder (relative <c>#r</c> and file paths resolve there).</param>
    /// <param name="manifestRoot">The folder holding <c>.config/dotnet-tools.json</c>; default: found above the working directory.</param>
    /// <param name="startupTimeout">How long the kernel may take to start (default 3 minutes: a busy machine is slow).</param>
    /// <param name="environment">Variables set for the kernel process on top of this process's (e.g. COURSEKIT_SEED).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<KernelClient> StartAsync(string workingDirectory, string? manifestRoot = null,
        TimeSpan? startupTimeout = null, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        workingDirectory = Path.GetFullPath(workingDirectory);
        if (!Directory.Exists(workingDirectory)) throw new DirectoryNotFoundException($"The kernel's working directory {workingDirectory} does not exist.");
        manifestRoot ??= KernelTool.FindManifestRoot(workingDirectory) ?? KernelTool.FindManifestRoot(AppContext.BaseDirectory)
            ?? throw new KernelUnavailableException(
                $"no .config/dotnet-tools.json at or above {workingDirectory}: run from inside the course repository, which pins the kernel ({KernelTool.PackageId}).");
        await KernelTool.EnsureRestoredAsync(manifestRoot, cancellationToken).ConfigureAwait(false);

        var client = new KernelClient(KernelTool.Start(manifestRoot, workingDirectory, environment));
        var limit = startupTimeout ?? TimeSpan.FromMinutes(3);
        var first = await Task.WhenAny(client._ready.Task, client._exited.Task, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
        if (first == client._ready.Task) return client;
        string why = first == client._exited.Task
            ? $"exited during start-up: {client.StderrSummary()}"
            : $"did not become ready within {limit.TotalSeconds:0} s";
        await client.DisposeAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        throw new KernelUnavailableException($"the notebook kernel ({KernelTool.CommandName} stdio) {why}. Try 'dotnet tool restore' and 'dotnet {KernelTool.CommandName} --version' in the repository.");
    }

    /// <summary>
    /// Submits one cell and waits for it to finish. Past <paramref name="timeout"/> the kernel is
    /// stopped (a running .NET submission cannot be aborted), the cell gets a <c>TimeoutError</c>
    /// and the client is broken; a kernel that dies gives a <c>KernelDied</c> error.
    /// </summary>
    public async Task<CellResult> SubmitAsync(string code, TimeSpan timeout, string kernelName = "csharp")
    {
        if (IsBroken) throw new InvalidOperationException("The kernel was stopped; start a new KernelClient.");
        int count = ++_executionCount;
        var submission = new Submission($"cell-{count}", new CellOutputCollector(), new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _current, submission);
        var envelope = new JsonObject
        {
            ["token"] = submission.Token,
            ["commandType"] = "SubmitCode",
            ["command"] = new JsonObject { ["code"] = code, ["targetKernelName"] = kernelName },
        };
        var clock = Stopwatch.StartNew();
        try
        {
            await _process.StandardInput.WriteLineAsync(envelope.ToJsonString()).ConfigureAwait(false);
            await _process.StandardInput.FlushAsync().ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The kernel is gone; the reader reports how below.
        }

        var finished = await Task.WhenAny(submission.Done.Task, _exited.Task, Task.Delay(timeout)).ConfigureAwait(false);
        if (finished != submission.Done.Task && !submission.Done.Task.IsCompleted)
        {
            IsBroken = true;
            if (finished == _exited.Task)
                submission.Outputs.AddError(new ErrorOutput("KernelDied",
                    $"The kernel process ended while this cell ran: {StderrSummary()}", []));
            else
            {
                submission.Outputs.AddError(new ErrorOutput("TimeoutError",
                    $"The cell did not finish within {timeout.TotalSeconds:0.#} s; the kernel was stopped. Raise --cell-timeout if the cell is just slow.", []));
                Kill();
            }
        }
        Volatile.Write(ref _current, null);
        lock (_earlierCells) _earlierCells.Add(submission.Outputs);
        return new CellResult(count, submission.Outputs.Snapshot(), clock.Elapsed);
    }

    /// <summary>
    /// The outputs of the cell with execution count <paramref name="executionCount"/> as they are
    /// now: a later cell may have updated a value that cell displayed (a progress bar, say).
    /// </summary>
    public IReadOnlyList<CellOutput> CurrentOutputs(int executionCount)
    {
        lock (_earlierCells)
            return executionCount >= 1 && executionCount <= _earlierCells.Count ? _earlierCells[executionCount - 1].Snapshot() : [];
    }

    async Task ReadEventsAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
                if (line.StartsWith('{')) Dispatch(line);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The pipe closed with the process.
        }
        await _stderrReader.ConfigureAwait(false);
        _exited.TrySetResult();
    }

    void Dispatch(string line)
    {
        JsonObject envelope;
        try { envelope = JsonNode.Parse(line)!.AsObject(); }
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return; }
        string eventType = (string?)envelope["eventType"] ?? "";
        if (eventType == "KernelReady") { _ready.TrySetResult(); return; }
        var body = envelope["event"] as JsonObject ?? [];
        string token = (string?)envelope["command"]?["token"] ?? "";
        var current = Volatile.Read(ref _current);

        if (eventType == "DisplayedValueUpdated")
        {
            // The value may have been displayed by an earlier cell: a frontend updates it there.
            string id = CellOutputCollector.ValueId(body);
            var data = CellOutputCollector.Data(body);
            if (current?.Outputs.TryUpdate(id, data) == true) return;
            lock (_earlierCells)
                for (int i = _earlierCells.Count - 1; i >= 0; i--)
                    if (_earlierCells[i].TryUpdate(id, data)) return;
            return;
        }
        if (current is null || !(token == current.Token || token.StartsWith(current.Token + ".", StringComparison.Ordinal))) return;
        bool ends = eventType is "CommandSucceeded" or "CommandFailed";
        // A spawned command's failure is reported again by the cell's own command: show it once.
        if (ends && token != current.Token) return;
        current.Outputs.Add(eventType, body);
        if (ends) current.Done.TrySetResult(true);
    }

    async Task ReadStderrAsync()
    {
        try
        {
            while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                if (string.IsNullOrWhiteSpace(line)) continue;
                _stderrTail.Enqueue(line.Trim());
                while (_stderrTail.Count > 20) _stderrTail.TryDequeue(out _);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
    }

    string StderrSummary()
    {
        // The kernel's output can close a moment before the process is reaped: give it that moment.
        if (!_process.HasExited) _process.WaitForExit(TimeSpan.FromSeconds(2));
        string code = _process.HasExited ? $"exit code {_process.ExitCode}" : "still running";
        var tail = _stderrTail.ToArray();
        var telling = tail.LastOrDefault(l => l.Contains("rror", StringComparison.Ordinal) || l.Contains("xception", StringComparison.Ordinal) || l.Contains("restore", StringComparison.Ordinal))
            ?? tail.LastOrDefault();
        return telling is null ? code : $"{code}; {telling}";
    }

    void Kill()
    {
        try
        {
            // 'dotnet tool run' starts the kernel as a child process: stop both.
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
        }
    }

    /// <summary>Stops the kernel process (it does not exit on its own when its input closes).</summary>
    public async ValueTask DisposeAsync()
    {
        IsBroken = true;
        Kill();
        try { await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        try { await _reader.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); }
        catch (TimeoutException) { }
        _process.Dispose();
    }
}
