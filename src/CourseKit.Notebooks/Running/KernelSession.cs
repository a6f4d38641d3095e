using System.Diagnostics;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.DotNet.Interactive;

namespace CourseKit.Notebooks.Running;

/// <summary>Settings of a <see cref="KernelSession"/>.</summary>
public sealed record KernelOptions
{
    /// <summary>The notebook's folder: <c>#r "relative.dll"</c> resolves against it.</summary>
    public required string BaseDirectory { get; init; }

    /// <summary>How long one cell may run before it is reported as timed out.</summary>
    public TimeSpan CellTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Packages the project builds itself, by package id, mapped to the built DLL, so that
    /// <c>#r "nuget:CourseKit"</c> loads the local build.
    /// </summary>
    public IReadOnlyDictionary<string, string> ProjectPackages { get; init; } = new Dictionary<string, string>();
}

/// <summary>The outcome of one cell.</summary>
/// <param name="ExecutionCount">The kernel's execution counter for this cell (1, 2, ...).</param>
/// <param name="Outputs">Outputs in order, the error (if any) last.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record CellResult(int ExecutionCount, IReadOnlyList<CellOutput> Outputs, TimeSpan Elapsed)
{
    /// <summary>True when the cell compiled and ran without an exception.</summary>
    public bool Succeeded => !Outputs.Any(o => o is ErrorOutput);

    /// <summary>The cell's error, if any.</summary>
    public ErrorOutput? Error => Outputs.OfType<ErrorOutput>().FirstOrDefault();
}

/// <summary>
/// One headless C# kernel: cells run as chained Roslyn script submissions, the first with
/// <see cref="CSharpScript"/>.Create, each next one continuing the previous state, exactly as
/// the .NET Interactive C# kernel chains them; variables, methods and usings carry over.
/// </summary>
public sealed class KernelSession
{
    readonly KernelOptions _options;
    readonly ScriptOptions _scriptOptions;
    ScriptState<object>? _state;
    int _executionCount;

    /// <summary>Starts a session; the kernel's <c>using static ...Kernel;</c> prelude runs lazily with the first cell.</summary>
    public KernelSession(KernelOptions options)
    {
        _options = options;
        _scriptOptions = ScriptEnvironment.CreateOptions(options.BaseDirectory);
        ConsoleRouter.Install();
    }

    /// <summary>
    /// True after a cell timed out: its thread cannot be stopped inside this process, so the
    /// session refuses further cells (its state may be changing under them).
    /// </summary>
    public bool IsBroken { get; private set; }

    /// <summary>Runs one cell and returns its outputs. Never throws for errors in the cell itself.</summary>
    public async Task<CellResult> ExecuteAsync(string cellText)
    {
        int count = ++_executionCount;
        var context = new CellContext(count);
        var watch = Stopwatch.StartNew();
        if (IsBroken)
        {
            context.AddError(new ErrorOutput("SessionError", "An earlier cell timed out; restart the run.", []));
            return new CellResult(count, context.Snapshot(), watch.Elapsed);
        }

        var directives = Directives.Process(cellText, _options.ProjectPackages);
        if (directives.Error is not null)
        {
            context.AddError(new ErrorOutput("DirectiveError", directives.Error, []));
            return new CellResult(count, context.Snapshot(), watch.Elapsed);
        }

        var run = RunOnOwnThread(directives.Code, count, context);
        var finished = await Task.WhenAny(run, Task.Delay(_options.CellTimeout)).ConfigureAwait(false);
        if (finished != run)
        {
            IsBroken = true;
            context.AddError(new ErrorOutput("TimeoutError",
                $"The cell did not finish within {_options.CellTimeout.TotalSeconds:0.#} s (the per-cell time limit).", []));
        }
        if (directives.Time) context.Write("stdout", $"Wall time: {watch.Elapsed.TotalMilliseconds:0.##}ms\n");
        return new CellResult(count, context.Snapshot(), watch.Elapsed);
    }

    Task RunOnOwnThread(string code, int count, CellContext context)
    {
        // A dedicated thread so a cell that never returns can be abandoned at its time limit.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            CellContext.Current = context;
            try
            {
                RunCell(code, count, context).GetAwaiter().GetResult();
            }
            catch (Exception e)
            {
                context.AddError(ToError(e));
            }
            finally
            {
                done.TrySetResult();
            }
        })
        { IsBackground = true, Name = $"notebook cell {count}" };
        thread.Start();
        return done.Task;
    }

    async Task RunCell(string code, int count, CellContext context)
    {
        var options = _scriptOptions.WithFilePath(Path.Combine(_options.BaseDirectory, $"cell{count}.csx"));
        if (_state is null)
        {
            // The kernel's own first submission: it makes display(...) and HTML(...) available.
            var prelude = CSharpScript.Create<object>(ScriptEnvironment.KernelPrelude, _scriptOptions);
            _state = await prelude.RunAsync().ConfigureAwait(false);
        }
        var script = _state.Script.ContinueWith<object>(code, options);
        var diagnostics = script.Compile();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            var error = CompilationError(errors);
            if (MissingNames(errors) && !script.GetCompilation().ReferencedAssemblyNames.Any(a => a.Name == "CourseKit"))
                error = error with { EValue = error.EValue + "\n" + SetupHint, Traceback = [.. error.Traceback, SetupHint] };
            context.AddError(error);
            return;
        }

        var state = await script.RunFromAsync(_state, catchException: _ => true).ConfigureAwait(false);
        _state = state; // the kernel keeps the state of a failed cell: earlier variables stay defined
        if (state.Exception is not null)
        {
            context.AddError(ToError(state.Exception));
            return;
        }
        if (HasTrailingValue(script) && state.ReturnValue is not DisplayedValue)
            context.AddResult(state.ReturnValue);
    }

    /// <summary>
    /// The kernel shows a value only when the cell ends in an expression without a semicolon
    /// whose type is not void (<c>x</c> shows, <c>var x = 5;</c> and <c>Console.WriteLine()</c> do not).
    /// </summary>
    static bool HasTrailingValue(Script script)
    {
        var compilation = script.GetCompilation();
        var tree = compilation.SyntaxTrees.Last();
        if (tree.GetRoot() is not CompilationUnitSyntax unit) return false;
        if (unit.Members.LastOrDefault() is not GlobalStatementSyntax { Statement: ExpressionStatementSyntax statement })
            return false;
        if (!statement.SemicolonToken.IsMissing) return false;
        var type = compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type;
        return type is not null && type.SpecialType != SpecialType.System_Void;
    }

    internal const string SetupHint =
        "Hint: CourseKit is not loaded in this session yet. Run the notebook's setup cell (its first code cell, with #r \"../artifacts/lib/CourseKit.dll\") first, then this cell again.";

    // Unknown type, namespace or name: what a cell run before the setup cell reports.
    static bool MissingNames(IEnumerable<Diagnostic> errors) => errors.Any(d => d.Id is "CS0246" or "CS0103" or "CS0234");

    static ErrorOutput CompilationError(IEnumerable<Diagnostic> errors)
    {
        var lines = errors.Select(FormatDiagnostic).ToList();
        return new ErrorOutput("CompilationError", string.Join("\n", lines), lines);
    }

    /// <summary>"(line,column): error CSxxxx: message" with the cell's own 1-based line numbers.</summary>
    internal static string FormatDiagnostic(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var start = span.StartLinePosition;
        string severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"({start.Line + 1},{start.Character + 1}): {severity} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    internal static ErrorOutput ToError(Exception e)
    {
        while (e is TargetInvocationException { InnerException: { } inner }) e = inner;
        if (e is AggregateException { InnerExceptions.Count: 1 } aggregate) e = aggregate.InnerExceptions[0];
        if (e is CompilationErrorException compile)
            return CompilationError(compile.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        var trace = e.ToString().Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        return new ErrorOutput(e.GetType().FullName ?? e.GetType().Name, e.Message, trace);
    }
}
