using System.CommandLine;
using CourseKit.Notebooks;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Running;

namespace CourseKit.Cli;

/// <summary><c>coursekit run &lt;notebook&gt; [--solutions] [--backend torchsharp] [--out &lt;dir&gt;]</c>: execute headless and save the executed copy.</summary>
internal static class RunCommand
{
    public static Command Create(CliIo io)
    {
        var notebookArg = new Argument<FileInfo>("notebook") { Description = "The .ipynb file to execute." };
        var solutionsFlag = new Option<bool>("--solutions") { Description = "Splice the reference solutions into the exercise cells first." };
        var outOption = new Option<DirectoryInfo>("--out")
        {
            Description = "Folder for the executed copy (same file name).",
            DefaultValueFactory = _ => new DirectoryInfo("out"),
        };
        var timeoutOption = new Option<double>("--cell-timeout")
        {
            Description = "Seconds one cell may run; past that the kernel is stopped and the run ends.",
            DefaultValueFactory = _ => 600,
        };
        var continueFlag = new Option<bool>("--continue-on-error") { Description = "Keep running cells after one fails." };
        var seedOption = new Option<int?>("--seed") { Description = "Base seed for the notebook's runs (sets COURSEKIT_SEED; a notebook running k seeds uses seed … seed+k-1)." };
        var quickFlag = new Option<bool>("--quick") { Description = "Quick mode (sets COURSEKIT_QUICK=1): smaller studies and seed sweeps, same main training and learning target." };
        var rootOption = CliIo.RootOption();
        var solutionsDir = CliIo.SolutionsOption();
        var backendOption = CliIo.BackendOption("The tensor backend to run on: coursekit (CourseKit's engine, artifacts/lib) or torchsharp " +
                                                "(the notebook's TorchSharp edition, on artifacts/lib-torchsharp). Default: the edition the notebook is written for.");
        var command = new Command("run", "Execute a notebook cell by cell in the .NET Interactive C# kernel (the pinned dotnet-interactive tool), and write the executed copy.")
        {
            notebookArg, solutionsFlag, outOption, timeoutOption, continueFlag, seedOption, quickFlag, rootOption, solutionsDir, backendOption,
        };
        command.SetAction(async (parse, _) =>
        {
            var file = parse.GetRequiredValue(notebookArg);
            var notebook = CliIo.LoadNotebook(file);
            string root = CliIo.Root(parse.GetValue(rootOption), file.FullName);
            var layout = CourseLayout.ForRepository(root);
            if (parse.GetValue(solutionsFlag))
                notebook = SolutionSplicer.Solve(notebook, CliIo.Solutions(layout, parse.GetValue(solutionsDir)));
            // Another backend than the notebook's own edition: run that backend's edition (its using lines and setup cell).
            if (CliIo.Backend(parse.GetValue(backendOption)) is { } backend)
            {
                CliIo.RequireLibrary(root, backend);
                notebook = TensorBackends.Rewrite(notebook, backend);
            }
            double timeout = parse.GetValue(timeoutOption);
            if (timeout <= 0) throw new CliException("--cell-timeout must be positive.");
            int? seed = parse.GetValue(seedOption);
            if (seed is < 0) throw new CliException($"--seed must be 0 or more, not {seed}.");

            string notebookDir = Path.GetDirectoryName(file.FullName)!;
            var codeCells = notebook.Cells.Count(c => c.IsCode);
            int done = 0;
            var options = new RunOptions
            {
                CellTimeout = TimeSpan.FromSeconds(timeout),
                ContinueOnError = parse.GetValue(continueFlag),
                Environment = CourseKnobs.Environment(seed, parse.GetValue(quickFlag)),
                ManifestRoot = KernelTool.FindManifestRoot(notebookDir) ?? KernelTool.FindManifestRoot(layout.NotebooksDirectory),
                OnCellFinished = (index, result) =>
                {
                    done++;
                    string status = result.Succeeded ? "ok" : $"FAILED: {result.FailureSummary}";
                    io.Out.WriteLine($"[{done}/{codeCells}] cell {index + 1} {status} ({result.Elapsed.TotalSeconds:0.00} s)");
                },
            };

            string outDir = parse.GetRequiredValue(outOption).FullName;
            NotebookRunResult result;
            try
            {
                result = await NotebookRunner.RunAsync(notebook, notebookDir, options).ConfigureAwait(false);
            }
            catch (KernelUnavailableException e)
            {
                throw new CliException(e.Message);
            }

            string target = Path.Combine(outDir, file.Name);
            result.Executed.Save(target);
            io.Out.WriteLine(result.Succeeded
                ? $"All {result.Results.Count} code cells ran. Executed copy: {target}"
                : $"Cell {result.FirstFailedCell + 1} failed. Executed copy (outputs up to the failure): {target}");
            if (result.Hint is not null) io.Out.WriteLine(result.Hint);
            if (!result.Succeeded)
            {
                var failed = result.Results.First(r => !r.Result.Succeeded).Result;
                io.Err.WriteLine($"coursekit: error: cell {result.FirstFailedCell + 1} of {file.Name} failed: {failed.FailureSummary}");
            }
            return result.Succeeded ? 0 : CliApp.Failure;
        });
        return command;
    }
}
