using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Grading;

/// <summary>One student's graded submission.</summary>
/// <param name="Student">The student.</param>
/// <param name="Notebooks">The grade of each notebook.</param>
/// <param name="Reused">True when the grade was taken from an earlier run (nothing had changed).</param>
public sealed record StudentGrade(string Student, IReadOnlyList<NotebookGrade> Notebooks, bool Reused)
{
    /// <summary>Points earned over all notebooks.</summary>
    public double Score => Math.Round(Notebooks.Sum(n => n.Score), 4);

    /// <summary>Points available over all notebooks.</summary>
    public double MaxScore => Notebooks.Sum(n => n.MaxScore);
}

/// <summary>The outcome of grading a class.</summary>
/// <param name="Students">Every student's grade, in name order.</param>
/// <param name="Problems">Bad input, one line per student and problem.</param>
/// <param name="Isolation">How the code was sandboxed.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ClassGrades(IReadOnlyList<StudentGrade> Students, IReadOnlyList<SubmissionProblem> Problems, string Isolation, TimeSpan Elapsed);

/// <summary>
/// Grades a folder of students' submissions into an output folder: a folder per student with
/// Gradescope's results.json and a summary.md, the class gradebook (<see cref="Gradebook"/>) and
/// a manifest of hashes. Students are graded several at once (the grader bounds the worker
/// processes to the core count); each student's grading is independent of the others'. A
/// re-run grades again only the students whose submission changed, or everyone when the checks,
/// the solutions, CourseKit or the grader itself changed.
/// </summary>
public sealed class ClassGrader(Grader grader, GraderOptions options)
{
    /// <summary>The manifest's file name in the output folder.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>
    /// Grades <paramref name="submissions"/> into <paramref name="outputDirectory"/>; <paramref name="progress"/> gets one
    /// line per student. <paramref name="manualScores"/>, a TAs' CSV (see <see cref="ManualScores"/>), is merged into the
    /// written answers; its bad rows become problems of the class.
    /// </summary>
    public async Task<ClassGrades> GradeAsync(string submissions, string outputDirectory, TextWriter? progress = null, string? manualScores = null)
    {
        var watch = Stopwatch.StartNew();
        var references = options.ReferenceNotebooksDirectory is { } refs && Directory.Exists(refs)
            ? Directory.EnumerateFiles(refs, "*.ipynb").Select(Path.GetFileName).OfType<string>().ToList()
            : [];
        var (students, problems) = SubmissionFolder.Read(submissions, references);
        var allProblems = problems.ToList();
        Directory.CreateDirectory(outputDirectory);
        string isolation = grader.Isolation;
        string courseHash = CourseHash(isolation);
        var manifest = ReadManifest(outputDirectory);
        bool sameCourse = manifest?["course"]?.GetValue<string>() == courseHash;

        var results = new StudentGrade[students.Count];
        int finished = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism) };
        await Parallel.ForEachAsync(Enumerable.Range(0, students.Count), parallel, async (i, _) =>
        {
            var student = students[i];
            string hash = SubmissionHash(student);
            string folder = StudentFolder(outputDirectory, student.Student);
            StudentGrade? grade = null;
            if (sameCourse && manifest?["students"]?[student.Student]?.GetValue<string>() == hash) grade = Load(student.Student, folder);
            if (grade is null)
            {
                var notebooks = new List<NotebookGrade>();
                foreach (var nb in student.Notebooks) notebooks.Add(OursOnly(await grader.GradeNotebookAsync(nb).ConfigureAwait(false), references));
                grade = new StudentGrade(student.Student, notebooks, false);
                Save(folder, grade, isolation);
            }
            results[i] = grade;
            lock (allProblems)
            {
                foreach (var nb in grade.Notebooks.Where(nb => nb.Error is not null))
                    allProblems.Add(new(student.Student, $"{Path.GetFileName(nb.Notebook)} not graded: {nb.Error}"));
                int n = ++finished;
                progress?.WriteLine($"[{n}/{students.Count}] {student.Student}: {grade.Score:0.##}/{grade.MaxScore:0.##}" +
                                    (grade.Reused ? " (unchanged, kept)" : "") + $"  {watch.Elapsed.TotalSeconds:0} s");
            }
        }).ConfigureAwait(false);

        var ordered = results.OrderBy(r => r.Student, StringComparer.Ordinal).ToList();
        var sortedProblems = allProblems.OrderBy(p => p.Student, StringComparer.Ordinal).ToList();
        var grades = new ClassGrades(ordered, sortedProblems, isolation, watch.Elapsed);
        if (manualScores is not null)
        {
            var (merged, rejected) = ManualScores.Merge(grades, manualScores);
            grades = merged with { Problems = [.. merged.Problems, .. rejected.Select(r => new SubmissionProblem("TA scores", r))] };
        }
        // The TAs' scores live only in the reports (grade.json keeps the automatic grade), so every student's are rewritten.
        foreach (var s in grades.Students) GradeReports.Write(StudentFolder(outputDirectory, s.Student), s.Notebooks, isolation);
        Gradebook.Write(outputDirectory, grades);
        WriteManifest(outputDirectory, courseHash, students.Select(s => (s.Student, SubmissionHash(s))));
        return grades with { Elapsed = watch.Elapsed };
    }

    /// <summary>
    /// A notebook none of whose exercises this course knows (another course's, an empty one) is
    /// reported as such rather than graded as exercises without solutions.
    /// </summary>
    NotebookGrade OursOnly(NotebookGrade nb, IReadOnlyCollection<string> references)
    {
        if (nb.Error is not null || SubmissionFolder.Assignment(Path.GetFileName(nb.Notebook), references) is not null) return nb;
        if (nb.Exercises.Any(e => options.Solutions.TryGet(e.ExerciseId) is not null)) return nb;
        return nb with
        {
            Exercises = [],
            Answers = [],
            Error = "not a notebook of this course: none of its exercises is one of ours (" +
                    (nb.Exercises.Count == 0 ? "it has no exercise cells" : string.Join(", ", nb.Exercises.Select(e => e.ExerciseId))) + ").",
        };
    }

    /// <summary>The folder of a student's reports: the name with characters a file system refuses replaced.</summary>
    public static string StudentFolder(string outputDirectory, string student)
    {
        var invalid = Path.GetInvalidFileNameChars().Append('/').Append('\\').ToHashSet();
        string safe = new(student.Select(c => invalid.Contains(c) ? '_' : c).ToArray());
        return Path.Combine(outputDirectory, safe.Trim('.') is { Length: > 0 } s ? s : "_");
    }

    static void Save(string folder, StudentGrade grade, string isolation)
    {
        GradeReports.Write(folder, grade.Notebooks, isolation);
        AtomicFile.WriteAllText(Path.Combine(folder, "grade.json"), JsonSerializer.Serialize(grade.Notebooks, GradeJson));
    }

    static StudentGrade? Load(string student, string folder)
    {
        try
        {
            var notebooks = JsonSerializer.Deserialize<List<NotebookGrade>>(File.ReadAllText(Path.Combine(folder, "grade.json")), GradeJson);
            return notebooks is null || !File.Exists(Path.Combine(folder, "results.json")) ? null : new StudentGrade(student, notebooks, true);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    static readonly JsonSerializerOptions GradeJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>What a grade depends on besides the submission: checks, solutions, reference notebooks, CourseKit, the grader.</summary>
    string CourseHash(string isolation)
    {
        var files = new List<string> { options.CourseKitDll, typeof(ClassGrader).Assembly.Location };
        files.AddRange(options.CheckAssemblies);
        foreach (var dir in new[] { options.Solutions.Directory, options.ReferenceNotebooksDirectory }.OfType<string>().Where(Directory.Exists))
            files.AddRange(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
        string limits = $"{options.ExerciseTimeLimit.TotalSeconds}|{options.MemoryLimitBytes}|{isolation}";
        return Hash(files, Encoding.UTF8.GetBytes(limits));
    }

    static string SubmissionHash(StudentSubmission s) => Hash(s.Files, Encoding.UTF8.GetBytes(string.Join("\n", s.Notebooks)));

    static string Hash(IEnumerable<string> files, byte[] extra)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(extra);
        foreach (var f in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes("\n" + Path.GetFileName(f) + "\n"));
            if (File.Exists(f)) sha.AppendData(File.ReadAllBytes(f));
        }
        return Convert.ToHexString(sha.GetHashAndReset()).ToLowerInvariant();
    }

    static JsonNode? ReadManifest(string outputDirectory)
    {
        try { return JsonNode.Parse(File.ReadAllText(Path.Combine(outputDirectory, ManifestName))); }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException) { return null; }
    }

    static void WriteManifest(string outputDirectory, string courseHash, IEnumerable<(string Student, string Hash)> students)
    {
        var map = new JsonObject();
        foreach (var (student, hash) in students) map[student] = hash;
        var root = new JsonObject { ["course"] = courseHash, ["students"] = map };
        AtomicFile.WriteAllText(Path.Combine(outputDirectory, ManifestName), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
    }
}
