using System.CommandLine;
using CourseKit.Notebooks.Exercises;

namespace CourseKit.Cli;

/// <summary>
/// <c>coursekit check</c>: every notebook is a valid C# notebook, every exercise has a solution
/// with the same id, points and signature (and every solution an exercise), every stub is a stub.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(CliIo io)
    {
        var rootOption = CliIo.RootOption();
        var solutionsDir = CliIo.SolutionsOption();
        var notebooksDir = new Option<DirectoryInfo?>("--notebooks-dir") { Description = "The notebooks folder (default: <root>/notebooks)." };
        var command = new Command("check", "Check the notebooks against the reference solutions.") { rootOption, solutionsDir, notebooksDir };
        command.SetAction(parse =>
        {
            var layout = CliIo.Layout(parse.GetValue(rootOption));
            string notebooks = parse.GetValue(notebooksDir)?.FullName ?? layout.NotebooksDirectory;
            if (!Directory.Exists(notebooks)) throw new CliException($"the notebooks folder {notebooks} does not exist.");
            var paths = Directory.EnumerateFiles(notebooks, "*.ipynb").Order(StringComparer.Ordinal).ToList();
            string solutionsPath = parse.GetValue(solutionsDir)?.FullName ?? layout.SolutionsDirectory;
            var problems = ExerciseConsistency.CheckCourse(paths, new SolutionStore(solutionsPath));
            foreach (var p in problems) io.Err.WriteLine(p);
            io.Out.WriteLine(problems.Count == 0
                ? $"OK: {paths.Count} notebook(s) checked against {solutionsPath}."
                : $"{problems.Count} problem(s) found.");
            return problems.Count == 0 ? 0 : CliApp.Failure;
        });
        return command;
    }
}
