namespace CourseKit.Notebooks.Release;

/// <summary>
/// Replaces the instructor's notebook tests (the sample course with its solutions and hidden
/// checks, reference-solution and solved-notebook runs) by the student's: one project that
/// grades each exercise cell of notebooks/ against its visible checks and the stubs in
/// exercises/, and proves every stub fails them. Tests that need what the release omits are
/// thereby absent, not failing. The library's own tests stay as they are.
/// </summary>
public sealed class ReplaceInstructorTests : IReleaseStep
{
    const string Instructor = "CourseKit.Notebooks.Tests";
    const string Student = "CourseKit.Student.Tests";

    /// <inheritdoc/>
    public string Name => "replace-instructor-tests";

    /// <inheritdoc/>
    public void Run(ReleaseContext context)
    {
        string instructor = context.InTarget($"tests/{Instructor}");
        if (Directory.Exists(instructor)) Directory.Delete(instructor, recursive: true);
        string student = context.InTarget($"tests/{Student}");
        AtomicFile.WriteAllText(Path.Combine(student, Student + ".csproj"), Project);
        AtomicFile.WriteAllText(Path.Combine(student, "YourExerciseTests.cs"), Tests);

        string sln = context.InTarget("CourseKit.sln");
        string text = File.ReadAllText(sln);
        string from = $"\"{Instructor}\", \"tests\\{Instructor}\\{Instructor}.csproj\"";
        if (!text.Contains(from, StringComparison.Ordinal))
            throw new InvalidOperationException($"CourseKit.sln has no {Instructor} project line to replace; update the release step.");
        AtomicFile.WriteAllText(sln, text.Replace(from, $"\"{Student}\", \"tests\\{Student}\\{Student}.csproj\"", StringComparison.Ordinal));
        context.Log.Add($"{Name}: tests/{Instructor} replaced by tests/{Student}");
    }

    const string Project = """
        <Project Sdk="Microsoft.NET.Sdk">
          <!-- Grades your exercise cells with the visible checks: dotnet test. -->
          <PropertyGroup>
            <IsPackable>false</IsPackable>
            <IsTestProject>true</IsTestProject>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="xunit" />
            <PackageReference Include="xunit.runner.visualstudio" />
            <PackageReference Include="Xunit.SkippableFact" />
          </ItemGroup>
          <ItemGroup>
            <ProjectReference Include="../../src/CourseKit.Notebooks/CourseKit.Notebooks.csproj" />
            <!-- Built first so artifacts/lib/CourseKit.dll exists; the grader loads that DLL itself. -->
            <ProjectReference Include="../../src/CourseKit/CourseKit.csproj" ReferenceOutputAssembly="false" />
          </ItemGroup>
          <ItemGroup>
            <Using Include="Xunit" />
          </ItemGroup>
        </Project>

        """;

    const string Tests = """
        using CourseKit.Notebooks;
        using CourseKit.Notebooks.Exercises;
        using CourseKit.Notebooks.Grading;
        using CourseKit.Notebooks.Ipynb;

        namespace CourseKit.Student.Tests;

        /// <summary>
        /// Each exercise cell of notebooks/, graded alone with its visible checks, as the course's
        /// grader does (which also runs hidden checks: a pass here is a good sign, not yet the grade).
        /// A cell still holding its TODO stub is skipped as "not attempted".
        /// </summary>
        public class YourExerciseTests
        {
            static readonly string Root = CourseLayout.FindRepositoryRoot(AppContext.BaseDirectory)
                ?? throw new InvalidOperationException("run the tests inside the course folder (the one with CourseKit.sln)");

            static readonly string Notebooks = Path.Combine(Root, "notebooks");

            static readonly Lazy<Grader> s_grader = new(() =>
            {
                var grader = new Grader(new GraderOptions
                {
                    CourseKitDll = Path.Combine(Root, "artifacts", "lib", "CourseKit.dll"),
                    Solutions = new SolutionStore(Path.Combine(Root, "exercises")),
                    ReferenceNotebooksDirectory = Notebooks,
                });
                AppDomain.CurrentDomain.ProcessExit += (_, _) => grader.Dispose();
                return grader;
            });

            /// <summary>(notebook, exercise id) for every exercise cell.</summary>
            public static TheoryData<string, string> Exercises()
            {
                var data = new TheoryData<string, string>();
                foreach (var path in Directory.EnumerateFiles(Notebooks, "*.ipynb").Order(StringComparer.Ordinal))
                    foreach (var exercise in ExerciseExtractor.Extract(Notebook.Load(path)))
                        data.Add(Path.GetFileName(path), exercise.Id);
                return data;
            }

            static Exercise Cell(string notebook, string id) =>
                ExerciseExtractor.Extract(Notebook.Load(Path.Combine(Notebooks, notebook))).Single(e => e.Id == id);

            [SkippableTheory]
            [MemberData(nameof(Exercises))]
            public async Task Your_exercise(string notebook, string exercise)
            {
                var grade = await s_grader.Value.GradeExerciseAsync(exercise, Cell(notebook, exercise).Code);
                Skip.If(grade.Status == GradeStatus.NotAttempted, $"not attempted: {exercise} in {notebook} still holds its TODO stub.");
                Assert.True(grade.Status == GradeStatus.Passed, grade.Report());
            }

            [Theory]
            [MemberData(nameof(Exercises))]
            public async Task Stub_fails_its_visible_checks_when_forced_to_run(string notebook, string exercise)
            {
                _ = notebook;
                var stub = new SolutionStore(Path.Combine(Root, "exercises")).Get(exercise).Stub;
                var grade = await s_grader.Value.GradeExerciseAsync(exercise, stub, forceRun: true);
                Assert.True(grade.Checks.Count > 0, $"{exercise} has no visible checks: {grade.Report()}");
                Assert.All(grade.Checks, c => Assert.False(c.Passed, $"{exercise}: the stub passes '{c.Name}'"));
            }
        }

        """;
}
