using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using CourseKit.Notebooks.Grading;
using Xunit.Abstractions;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// The catalogue of buggy answers (BuggyVariants/&lt;exercise id&gt;/&lt;variant&gt;.cs) graded with the real
/// grader. Each file starts with a header an instructor can read:
/// <code>
/// // Buggy dqn.td_target: bootstraps after terminal transitions too.
/// // breaks: the core rule            (or: a secondary rule)
/// // loses at least: 0.5              (share of the exercise's points)
/// // message names: terminal          (a word of the rule a failure message must name)
/// // EXERCISE dqn.td_target (2 points)
/// ...the whole cell...
/// </code>
/// Every variant must lose at least its share; a core-rule variant (one that breaks the rule the
/// exercise's comment states) must lose at least half the points and fail a visible self-check
/// whose message names the rule. A secondary variant's keyword must appear in some failed check.
/// </summary>
public class BuggyVariantTests(ITestOutputHelper output)
{
    static string Root => Path.Combine(TestPaths.ProjectDir, "BuggyVariants");

    /// <summary>One row per exercise that has variants; its variants are graded together.</summary>
    public static TheoryData<string> ExercisesWithVariants()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.EnumerateDirectories(Root).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(dir));
        return data;
    }

    [Fact]
    public void Every_exercise_of_the_course_has_at_least_two_variants()
    {
        var exercises = Directory.EnumerateFiles(CourseCatalog.Courses["course"].SolutionsDirectory, "*.cs").Select(Path.GetFileNameWithoutExtension).ToList();
        Assert.NotEmpty(exercises);
        var thin = exercises.Where(id => !Directory.Exists(Path.Combine(Root, id!)) || Directory.EnumerateFiles(Path.Combine(Root, id!), "*.cs").Count() < 2).ToList();
        Assert.True(thin.Count == 0, "exercises with fewer than 2 buggy variants: " + string.Join(", ", thin));
    }

    [Theory]
    [MemberData(nameof(ExercisesWithVariants))]
    public async Task Each_variant_loses_its_share_and_names_the_rule(string exercise)
    {
        var visible = VisibleCheckNames(exercise);
        Assert.NotEmpty(visible);
        var grader = CourseCatalog.GraderFor("course");
        var variants = Directory.EnumerateFiles(Path.Combine(Root, exercise), "*.cs").Order(StringComparer.Ordinal).Select(Variant.Load).ToList();
        var grades = await Task.WhenAll(variants.Select(v => grader.GradeExerciseAsync(exercise, v.Cell)));

        var problems = new List<string>();
        foreach (var (v, grade) in variants.Zip(grades))
        {
            var failed = grade.Checks.Where(c => !c.Passed).ToList();
            var named = failed.OrderBy(c => visible.Contains(c.Name) ? 0 : 1).FirstOrDefault(c => c.Message.Contains(v.Keyword, StringComparison.OrdinalIgnoreCase));
            output.WriteLine($"{exercise} | {v.Name} | {(v.Core ? "core" : "secondary")} | {grade.Status} | lost {1 - grade.Score / grade.MaxScore:0.##} (at least {v.MinLoss}) | " +
                             $"visible failed: {string.Join("; ", failed.Where(c => visible.Contains(c.Name)).Select(c => c.Name))} | message: {named?.Message}");
            string? problem = v.Judge(grade, visible);
            if (problem is not null) problems.Add($"{v.Name}: {problem}\n{grade.Report()}");
        }
        Assert.True(problems.Count == 0, string.Join("\n\n", problems));
    }

    /// <summary>One catalogue entry: the header's promises and the cell.</summary>
    sealed record Variant(string Name, bool Core, double MinLoss, string Keyword, string Cell)
    {
        public static Variant Load(string path)
        {
            var text = File.ReadAllText(path).Replace("\r\n", "\n");
            int marker = text.IndexOf("// EXERCISE ", StringComparison.Ordinal);
            if (marker < 0) throw new InvalidDataException($"{path}: no '// EXERCISE' line");
            var header = text[..marker].Split('\n').Select(l => l.TrimStart('/').Trim()).ToList();
            string Field(string key) => header.FirstOrDefault(l => l.StartsWith(key + ":", StringComparison.Ordinal))?[(key.Length + 1)..].Trim()
                ?? throw new InvalidDataException($"{path}: the header has no '// {key}:' line");
            string breaks = Field("breaks");
            bool core = breaks switch
            {
                "the core rule" => true,
                "a secondary rule" => false,
                _ => throw new InvalidDataException($"{path}: 'breaks:' must be 'the core rule' or 'a secondary rule', not '{breaks}'"),
            };
            double minLoss = double.Parse(Field("loses at least"), CultureInfo.InvariantCulture);
            return new Variant(Path.GetFileNameWithoutExtension(path), core, minLoss, Field("message names"), text[marker..]);
        }

        /// <summary>Null when the grade keeps the header's promises, else what it broke.</summary>
        public string? Judge(ExerciseGrade grade, IReadOnlySet<string> visible)
        {
            if (Core && MinLoss < 0.5) return $"a core-rule variant must promise a loss of at least 0.5, not {MinLoss}";
            if (grade.Status != GradeStatus.Failed) return $"expected the checks to run and fail, got {grade.Status}";
            double lost = 1 - grade.Score / grade.MaxScore;
            if (lost < MinLoss - 1e-9) return $"loses {lost:0.###} of the points; the catalogue says at least {MinLoss}";
            var failed = grade.Checks.Where(c => !c.Passed).ToList();
            if (Core)
            {
                var failedVisible = failed.Where(c => visible.Contains(c.Name)).ToList();
                if (failedVisible.Count == 0) return "breaks the core rule but passes every visible self-check";
                if (!failedVisible.Any(c => c.Message.Contains(Keyword, StringComparison.OrdinalIgnoreCase)))
                    return $"no failed visible check names the rule ('{Keyword}')";
            }
            else if (!failed.Any(c => c.Message.Contains(Keyword, StringComparison.OrdinalIgnoreCase)))
                return $"no failed check names the rule ('{Keyword}')";
            return null;
        }
    }

    /// <summary>The names the grader reports for the exercise's visible checks (those in CourseKit.dll).</summary>
    static IReadOnlySet<string> VisibleCheckNames(string exercise)
    {
        string dll = CourseCatalog.Courses["course"].CourseKitDll;
        var context = TestPaths.ProbeContext("visible-check-names", dll);
        try
        {
            var names = new HashSet<string>();
            foreach (var type in context.LoadFromAssemblyPath(dll).GetTypes())
            {
                var marker = type.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "ExerciseChecksAttribute");
                if ((string?)marker?.ConstructorArguments[0].Value != exercise) continue;
                foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static))
                {
                    var check = method.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.Name == "CheckAttribute");
                    if (check is null) continue;
                    var description = check.NamedArguments.FirstOrDefault(a => a.MemberName == "Description").TypedValue.Value as string;
                    // CheckRunner's default name: the method name in lower-case words.
                    names.Add(description ?? Regex.Replace(method.Name.Replace('_', ' '), "(?<=[a-z0-9])([A-Z])", " $1").Trim().ToLowerInvariant());
                }
            }
            return names;
        }
        finally
        {
            context.Unload();
        }
    }
}
