using System.CommandLine;
using CourseKit.Notebooks;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Cli;

/// <summary><c>coursekit solve</c> and <c>coursekit strip</c>: the instructor's and the student's edition of a notebook.</summary>
internal static class EditionCommands
{
    public static Command CreateSolve(CliIo io)
    {
        var (notebookArg, outOption, rootOption, solutionsDir) = CommonSymbols();
        var command = new Command("solve", "Write a copy of the notebook with the reference solutions spliced into its exercise cells.")
        {
            notebookArg, outOption, rootOption, solutionsDir,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(notebookArg);
            var notebook = CliIo.LoadNotebook(file);
            var solutions = CliIo.Solutions(CliIo.Layout(parse.GetValue(rootOption), file.FullName), parse.GetValue(solutionsDir));
            var solved = SolutionSplicer.Solve(notebook, solutions);
            return Save(io, solved, file, parse.GetRequiredValue(outOption), "solved");
        });
        return command;
    }

    public static Command CreateStrip(CliIo io)
    {
        var (notebookArg, outOption, rootOption, solutionsDir) = CommonSymbols();
        var fromSolutions = new Option<bool>("--from-solutions")
        {
            Description = "Rebuild each stub from its solution file instead of stripping the cell's own BEGIN/END SOLUTION regions.",
        };
        var command = new Command("strip", "Write a copy of the notebook with every exercise cell turned back into its stub.")
        {
            notebookArg, outOption, rootOption, solutionsDir, fromSolutions,
        };
        command.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(notebookArg);
            var notebook = CliIo.LoadNotebook(file);
            SolutionStore? solutions = parse.GetValue(fromSolutions)
                ? CliIo.Solutions(CliIo.Layout(parse.GetValue(rootOption), file.FullName), parse.GetValue(solutionsDir))
                : null;
            if (solutions is null)
            {
                foreach (var e in ExerciseExtractor.Extract(notebook).Where(e => !Stubs.HasSolutionRegion(e.Code)))
                    io.Err.WriteLine($"coursekit: note: {e.Id} has no BEGIN/END SOLUTION region; left as it is (use --from-solutions to rebuild it).");
            }
            var stripped = SolutionSplicer.Strip(notebook, solutions);
            return Save(io, stripped, file, parse.GetRequiredValue(outOption), "stripped");
        });
        return command;
    }

    /// <summary>
    /// <c>coursekit edition --backend torchsharp [--out &lt;folder&gt;]</c>: every notebook of the course in another
    /// backend's edition, for students who work on TorchSharp in VS Code or Jupyter. The folder sits beside
    /// <c>notebooks/</c> (default <c>notebooks-torchsharp/</c>), so the cells' <c>../artifacts</c> and <c>../data</c> paths resolve.
    /// </summary>
    public static Command CreateEdition(CliIo io)
    {
        var backendOption = CliIo.BackendOption("The edition to write: torchsharp (or coursekit, the notebooks as they are).");
        backendOption.Required = true;
        var outOption = new Option<DirectoryInfo?>("--out") { Description = "The folder to write, directly under the repository root (default: notebooks-<backend>)." };
        var rootOption = CliIo.RootOption();
        var command = new Command("edition", "Write the course's notebooks in a tensor backend's edition (its using lines and setup cell), into a folder beside notebooks/.")
        {
            backendOption, outOption, rootOption,
        };
        command.SetAction(parse =>
        {
            string root = CliIo.Root(parse.GetValue(rootOption));
            var backend = CliIo.Backend(parse.GetValue(backendOption))!.Value;
            string notebooks = CourseLayout.ForRepository(root).NotebooksDirectory;
            string outDir = parse.GetValue(outOption)?.FullName ?? Path.Combine(root, "notebooks-" + backend.ToString().ToLowerInvariant());
            if (!string.Equals(Path.GetDirectoryName(Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar)), Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal))
                throw new CliException($"--out {outDir} must be a folder directly under the repository root {root}: the notebooks read ../artifacts and ../data from their own folder.");
            if (Path.GetFullPath(outDir).TrimEnd(Path.DirectorySeparatorChar) == Path.GetFullPath(notebooks).TrimEnd(Path.DirectorySeparatorChar))
                throw new CliException($"--out must differ from {notebooks} (the course's notebooks are never overwritten).");
            var paths = Directory.EnumerateFiles(notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
            if (paths.Count == 0) throw new CliException($"{notebooks}: no notebooks to write.");
            Directory.CreateDirectory(outDir);
            foreach (var path in paths)
            {
                var notebook = Notebook.Load(path);
                notebook.EnsureCSharpKernel();
                TensorBackends.Rewrite(notebook, backend).Save(Path.Combine(outDir, Path.GetFileName(path)));
            }
            io.Out.WriteLine($"Wrote the {backend} edition of {paths.Count} notebooks to {outDir}" +
                             (backend == TensorBackend.TorchSharp ? $"; build its library with `{TensorBackends.BuildCommand(backend)}` in {root}." : "."));
            return 0;
        });
        return command;
    }

    static (Argument<FileInfo>, Option<FileInfo>, Option<DirectoryInfo?>, Option<DirectoryInfo?>) CommonSymbols() =>
    (
        new Argument<FileInfo>("notebook") { Description = "The .ipynb file." },
        new Option<FileInfo>("--out") { Description = "The notebook file to write.", Required = true },
        CliIo.RootOption(),
        CliIo.SolutionsOption()
    );

    static int Save(CliIo io, Notebook notebook, FileInfo source, FileInfo target, string what)
    {
        if (Path.GetFullPath(source.FullName) == Path.GetFullPath(target.FullName))
            throw new CliException("--out must differ from the input notebook (the input is never overwritten).");
        notebook.Save(target.FullName);
        io.Out.WriteLine($"Wrote the {what} notebook {target.FullName}");
        return 0;
    }
}
