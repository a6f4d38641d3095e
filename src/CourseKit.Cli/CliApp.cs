using System.CommandLine;
using CourseKit.Notebooks;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Cli;

/// <summary>
/// The <c>coursekit</c> command line. Every command reports bad input with one clear line on
/// stderr and a non-zero exit code, and writes its files atomically, so a failed command leaves
/// nothing half-written.
/// </summary>
public static class CliApp
{
    /// <summary>Exit code of a command that failed on bad input or a failed run.</summary>
    public const int Failure = 1;

    /// <summary>Parses and runs a command line, writing to the given streams.</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("CourseKit course tooling: run, grade, solve and strip Polyglot C# notebooks.");
        var io = new CliIo(stdout, stderr);
        root.Subcommands.Add(RunCommand.Create(io));
        root.Subcommands.Add(GradeCommand.Create(io));
        root.Subcommands.Add(EditionCommands.CreateSolve(io));
        root.Subcommands.Add(EditionCommands.CreateStrip(io));
        root.Subcommands.Add(EditionCommands.CreateEdition(io));
        root.Subcommands.Add(CheckCommand.Create(io));
        root.Subcommands.Add(ReleaseCommand.Create(io));
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return await root.Parse(args).InvokeAsync(config).ConfigureAwait(false);
        }
        catch (Exception e) when (e is CliException or NotebookFormatException or ExerciseFormatException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"coursekit: error: {e.Message}").ConfigureAwait(false);
            return Failure;
        }
    }
}

/// <summary>A user-facing error: the message is printed as is.</summary>
internal sealed class CliException(string message) : Exception(message);

/// <summary>The output streams of one invocation and the options every command shares.</summary>
internal sealed class CliIo(TextWriter stdout, TextWriter stderr)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;

    public static Option<DirectoryInfo?> RootOption() => new("--root")
    {
        Description = "The repository root (default: the folder holding CourseKit.sln at or above the current folder).",
    };

    public static Option<DirectoryInfo?> SolutionsOption() => new("--solutions-dir")
    {
        Description = "The reference solutions folder (default: <root>/solutions).",
    };

    public static Option<string?> BackendOption(string description) => new("--backend") { Description = description };

    /// <summary>The parsed <c>--backend</c> value, or null when it was not given.</summary>
    public static TensorBackend? Backend(string? value)
    {
        if (value is null) return null;
        try { return TensorBackends.Parse(value); }
        catch (ArgumentException e) { throw new CliException("--backend " + e.Message); }
    }

    /// <summary>Stops with the build command when <paramref name="backend"/>'s library folder is not built.</summary>
    public static void RequireLibrary(string root, TensorBackend backend)
    {
        string dll = TensorBackends.CourseKitDll(root, backend);
        string folder = Path.GetDirectoryName(dll)!;
        bool built = File.Exists(dll) && (backend == TensorBackend.CourseKit || File.Exists(Path.Combine(folder, "TorchSharp.dll")));
        if (!built)
            throw new CliException($"the {backend} build of CourseKit is not in {folder}: run `{TensorBackends.BuildCommand(backend)}` in {root} first.");
    }

    /// <summary>The course layout from --root, or the repository around <paramref name="near"/> or the current folder.</summary>
    public static CourseLayout Layout(DirectoryInfo? root, string? near = null, TensorBackend backend = TensorBackend.CourseKit) =>
        CourseLayout.ForRepository(Root(root, near), backend);

    /// <summary>The repository root: --root, or the folder holding CourseKit.sln around <paramref name="near"/> or the current folder.</summary>
    public static string Root(DirectoryInfo? root, string? near = null)
    {
        string? found = root?.FullName
                        ?? (near is null ? null : CourseLayout.FindRepositoryRoot(Path.GetDirectoryName(Path.GetFullPath(near))!))
                        ?? CourseLayout.FindRepositoryRoot(Directory.GetCurrentDirectory());
        if (found is null)
            throw new CliException("cannot find the repository root (a folder with CourseKit.sln); run from inside the repository or pass --root.");
        if (!Directory.Exists(found)) throw new CliException($"--root {found} does not exist.");
        return found;
    }

    public static SolutionStore Solutions(CourseLayout layout, DirectoryInfo? overrideDir)
    {
        string dir = overrideDir?.FullName ?? layout.SolutionsDirectory;
        if (!Directory.Exists(dir)) throw new CliException($"the solutions folder {dir} does not exist.");
        return new SolutionStore(dir);
    }

    public static Notebook LoadNotebook(FileInfo file)
    {
        if (!file.Exists) throw new CliException($"{file.FullName}: no such notebook.");
        var notebook = Notebook.Load(file.FullName);
        notebook.EnsureCSharpKernel();
        return notebook;
    }
}
