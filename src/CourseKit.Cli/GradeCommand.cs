using System.CommandLine;
using CourseKit.Notebooks;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Cli;

/// <summary>
/// <c>coursekit grade &lt;notebook|folder&gt; --out &lt;dir&gt;</c>: grades one student's notebooks into
/// Gradescope's results.json and a summary.md, or a class's submissions folder (one folder or
/// notebook per student) into a folder per student, gradebook.csv and class-summary.md.
/// Exit code 0 when grading completed, whatever the score.
/// </summary>
internal static class GradeCommand
{
    public static Command Create(CliIo io)
    {
        var pathArg = new Argument<FileSystemInfo>("submission") { Description = "A submitted .ipynb, or a folder of them (searched recursively)." };
        var outOption = new Option<DirectoryInfo>("--out") { Description = "Folder for results.json and summary.md.", Required = true };
        var timeLimit = new Option<double>("--time-limit") { Description = "Seconds per exercise, child process included: CPU time on Linux (the wall clock allows 3x + 10 s), wall-clock time elsewhere.", DefaultValueFactory = _ => 20 };
        var memory = new Option<int>("--memory-mb") { Description = "GC heap limit of the process running an exercise's checks.", DefaultValueFactory = _ => 512 };
        var checks = new Option<DirectoryInfo[]>("--checks") { Description = "Folders of hidden check sources (default: <root>/tests/*/HiddenChecks).", AllowMultipleArgumentsPerToken = false };
        var notebooksDir = new Option<DirectoryInfo?>("--notebooks-dir") { Description = "Reference notebooks naming the expected exercises (default: <root>/notebooks)." };
        var sandbox = new Option<SandboxMode>("--sandbox")
        {
            Description = "Auto: sandbox where Linux and bubblewrap allow, else say it ran unsandboxed; Required: refuse without one; Off.",
            DefaultValueFactory = _ => SandboxMode.Auto,
        };
        var classMode = new Option<bool?>("--class")
        {
            Description = "Treat the folder as a class (one folder or notebook per student). Default: a class when it has sub-folders or notebooks not named like the course's.",
        };
        var manual = new Option<FileInfo?>("--manual")
        {
            Description = "A CSV of TA scores for written answers (student,question,score[,comment]; the answers.csv a class grading writes, filled in). Class grading only.",
        };
        var rootOption = CliIo.RootOption();
        var solutionsDir = CliIo.SolutionsOption();
        var backendOption = CliIo.BackendOption("The tensor backend the exercises are compiled and checked on: coursekit (the default, artifacts/lib) " +
                                                "or torchsharp (artifacts/lib-torchsharp). Notebooks of either edition are graded on it.");
        var command = new Command("grade", "Grade submitted notebooks in isolated child processes; write results.json and summary.md.")
        {
            pathArg, outOption, timeLimit, memory, checks, notebooksDir, sandbox, classMode, manual, rootOption, solutionsDir, backendOption,
        };
        command.SetAction(async (parse, _) =>
        {
            var submission = parse.GetRequiredValue(pathArg);
            string root = CliIo.Root(parse.GetValue(rootOption));
            var backend = CliIo.Backend(parse.GetValue(backendOption)) ?? TensorBackend.CourseKit;
            CliIo.RequireLibrary(root, backend);
            var layout = CourseLayout.ForRepository(root, backend);
            var checkDirs = parse.GetValue(checks);
            if (checkDirs is { Length: > 0 })
            {
                foreach (var d in checkDirs.Where(d => !d.Exists)) throw new CliException($"--checks {d.FullName} does not exist.");
                layout = layout with { HiddenCheckDirectories = checkDirs.Select(d => d.FullName).ToList() };
            }
            if (parse.GetValue(notebooksDir) is { } nbDir) layout = layout with { NotebooksDirectory = nbDir.FullName };
            var solutions = CliIo.Solutions(layout, parse.GetValue(solutionsDir));
            double seconds = parse.GetValue(timeLimit);
            int megabytes = parse.GetValue(memory);
            if (seconds <= 0 || megabytes < 64) throw new CliException("--time-limit must be positive and --memory-mb at least 64.");
            var scores = parse.GetValue(manual);
            if (scores is { Exists: false }) throw new CliException($"--manual {scores.FullName} does not exist.");

            using var grader = Grader.ForCourse(layout, o => o with
            {
                Solutions = solutions,
                ExerciseTimeLimit = TimeSpan.FromSeconds(seconds),
                MemoryLimitBytes = megabytes * 1024L * 1024L,
                Sandbox = new SandboxOptions(parse.GetValue(sandbox)),
            });
            io.Out.WriteLine(grader.Isolation);
            string outDir = parse.GetRequiredValue(outOption).FullName;
            if (submission is DirectoryInfo { Exists: true } folder && (parse.GetValue(classMode) ?? LooksLikeClass(folder.FullName, layout.NotebooksDirectory)))
                return await GradeClassAsync(io, grader, folder.FullName, outDir, scores?.FullName).ConfigureAwait(false);
            if (scores is not null) throw new CliException("--manual merges TA scores into a class's grades; grade the class folder (use --class if needed).");
            var notebooks = Submissions(submission);
            var grades = new List<NotebookGrade>();
            foreach (var path in notebooks)
            {
                var grade = await grader.GradeNotebookAsync(path).ConfigureAwait(false);
                grades.Add(grade);
                io.Out.WriteLine(grade.Error is null
                    ? $"{Path.GetFileName(path)}: {grade.Score:0.##}/{grade.MaxScore:0.##} ({grade.Elapsed.TotalSeconds:0.0} s)"
                    : $"{Path.GetFileName(path)}: not graded: {grade.Error}");
                foreach (var e in grade.Exercises) io.Out.WriteLine("  " + e.Report().Replace("\n", "\n  "));
            }
            GradeReports.Write(outDir, grades, grader.Isolation);
            io.Out.WriteLine($"Wrote {Path.Combine(outDir, "results.json")} and summary.md");
            bool unreadable = grades.Any(g => g.Error is not null);
            if (unreadable) io.Err.WriteLine("coursekit: error: some notebooks could not be graded (see summary.md).");
            return unreadable ? CliApp.Failure : 0;
        });
        return command;
    }

    static async Task<int> GradeClassAsync(CliIo io, Grader grader, string folder, string outDir, string? manualScores)
    {
        if (Path.GetFullPath(outDir).StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            throw new CliException("--out must lie outside the submissions folder (it would be graded as a student).");
        var grades = await new ClassGrader(grader, grader.Options).GradeAsync(folder, outDir, io.Out, manualScores).ConfigureAwait(false);
        foreach (var p in grades.Problems) io.Err.WriteLine($"coursekit: {p}");
        io.Out.WriteLine($"Graded {grades.Students.Count} students in {grades.Elapsed.TotalSeconds:0.0} s " +
                         $"({grades.Students.Count(s => s.Reused)} unchanged); wrote {Path.Combine(outDir, "gradebook.csv")} and class-summary.md");
        int pending = grades.Students.Sum(s => s.Notebooks.Sum(n => n.Answers.Count(a => a.Pending)));
        if (Gradebook.Questions(grades).Count > 0)
            io.Out.WriteLine($"{pending} written answers pending manual grading; TAs fill in the score column of {Path.Combine(outDir, "answers.csv")} and pass it back with --manual.");
        return 0;
    }

    /// <summary>A class folder has student folders, or notebooks that are not named after the course's own.</summary>
    static bool LooksLikeClass(string folder, string referenceNotebooks)
    {
        if (Directory.EnumerateDirectories(folder).Any(d => !Path.GetFileName(d).StartsWith('.'))) return true;
        var references = Directory.Exists(referenceNotebooks)
            ? Directory.EnumerateFiles(referenceNotebooks, "*.ipynb").Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        return Directory.EnumerateFiles(folder, "*.ipynb").Any(f => SubmissionFolder.Assignment(Path.GetFileName(f), references) is null);
    }

    static IReadOnlyList<string> Submissions(FileSystemInfo path)
    {
        if (path is DirectoryInfo { Exists: true } dir || Directory.Exists(path.FullName))
        {
            var found = Directory.EnumerateFiles(path.FullName, "*.ipynb", SearchOption.AllDirectories)
                .Where(p => !p.Contains(".ipynb_checkpoints", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
            if (found.Count == 0) throw new CliException($"{path.FullName}: no .ipynb files in this folder.");
            return found;
        }
        if (!File.Exists(path.FullName)) throw new CliException($"{path.FullName}: no such notebook or folder.");
        return [path.FullName];
    }
}
