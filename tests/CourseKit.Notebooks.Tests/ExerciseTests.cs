using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

public class ExerciseTests
{
    static SolutionStore SampleSolutions => new(TestPaths.SampleCourse.SolutionsDirectory);

    [Fact]
    public void Extracts_every_exercise_with_id_points_and_code()
    {
        var exercises = ExerciseExtractor.Extract(Notebook.Load(TestPaths.SampleNotebook));
        Assert.Equal(["basics.discounted_returns", "basics.epsilon_greedy", "basics.linear_schedule"], exercises.Select(e => e.Id));
        Assert.Equal([2, 2, 1], exercises.Select(e => e.Points));
        Assert.StartsWith("// EXERCISE basics.discounted_returns (2 points)\n", exercises[0].Code);
    }

    [Fact]
    public void Strip_of_solve_gives_back_the_original_file_byte_for_byte()
    {
        byte[] original = File.ReadAllBytes(TestPaths.SampleNotebook);
        var notebook = Notebook.Load(TestPaths.SampleNotebook);
        var solved = SolutionSplicer.Solve(notebook, SampleSolutions);
        Assert.NotEqual(original, solved.ToBytes());
        Assert.Contains("// BEGIN SOLUTION", solved.ToJson());
        Assert.Equal(original, SolutionSplicer.Strip(solved).ToBytes());
        Assert.Equal(original, SolutionSplicer.Strip(solved, SampleSolutions).ToBytes());
        Assert.Equal(original, notebook.ToBytes()); // Solve did not touch its input
    }

    [Fact]
    public void Solution_cell_text_is_the_file_without_its_final_newline()
    {
        var solution = SampleSolutions.Get("basics.linear_schedule");
        Assert.Equal(File.ReadAllText(solution.Path)[..^1], solution.Code);
        Assert.Equal(1, solution.Points);
        Assert.Contains("    // TODO(student)\n    throw new NotImplementedException();\n}", solution.Stub);
        Assert.DoesNotContain("Math.Min", solution.Stub);
    }

    [Fact]
    public void The_sample_course_is_consistent()
    {
        var problems = ExerciseConsistency.CheckCourse([TestPaths.SampleNotebook], SampleSolutions);
        Assert.Empty(problems);
    }

    [Fact]
    public void The_repository_course_is_consistent()
    {
        var layout = CourseLayout.ForRepository(TestPaths.RepoRoot);
        var notebooks = Directory.EnumerateFiles(layout.NotebooksDirectory, "*.ipynb").ToList();
        Assert.Empty(ExerciseConsistency.CheckCourse(notebooks, new SolutionStore(layout.SolutionsDirectory)));
    }

    [Fact]
    public void Duplicate_exercise_ids_are_refused()
    {
        var notebook = Notebook.CreatePolyglot();
        notebook.AddCode("// EXERCISE a.b (1 point)\nstatic int F() => 1;");
        notebook.AddCode("// EXERCISE a.b (1 point)\nstatic int G() => 2;");
        var e = Assert.Throws<ExerciseFormatException>(() => ExerciseExtractor.Extract(notebook));
        Assert.Contains("exercise 'a.b' appears twice (cells 1 and 2)", e.Message);
    }

    [Theory]
    [InlineData("// EXERCISE a.b", "malformed exercise marker")]
    [InlineData("// EXERCISE Dqn.TdTarget (2 points)", "malformed exercise marker")]
    [InlineData("//EXERCISE a.b (two points)", "malformed exercise marker")]
    public void Malformed_markers_are_refused(string firstLine, string expected)
    {
        var notebook = Notebook.CreatePolyglot();
        notebook.AddCode(firstLine + "\nstatic int F() => 1;");
        Assert.Contains(expected, Assert.Throws<ExerciseFormatException>(() => ExerciseExtractor.Extract(notebook)).Message);
    }

    [Fact]
    public void An_exercise_cell_without_a_method_is_refused()
    {
        var e = Assert.Throws<ExerciseFormatException>(() => ExerciseShape.Read("// EXERCISE a.b (1 point)\nvar x = 1;", "cell 3"));
        Assert.Contains("cell 3: the exercise cell declares no method or class", e.Message);
    }

    [Fact]
    public void Signatures_ignore_bodies_comments_and_formatting_but_not_types_or_names()
    {
        string a = "// EXERCISE a.b (1 point)\n// doc\nstatic double[]  F(double[] r,\n   double g) { return r; }";
        string b = "// EXERCISE a.b (1 point)\nstatic double[] F(double[] r, double g) => null;";
        string c = "// EXERCISE a.b (1 point)\nstatic double[] F(double[] r, float g) => null;";
        Assert.Equal(ExerciseShape.Read(a, "a").Signatures, ExerciseShape.Read(b, "b").Signatures);
        Assert.NotEqual(ExerciseShape.Read(a, "a").Signatures, ExerciseShape.Read(c, "c").Signatures);
        var shape = ExerciseShape.Read("class Policy : IDisposable { public int Act(double[] s) => 0; public void Dispose() { } int Hidden() => 1; }", "t");
        Assert.Equal(SubjectKind.Type, shape.Kind);
        Assert.Equal("class Policy : IDisposable | public int Act(double[] s) | public void Dispose()", shape.SubjectSignature);
    }

    [Fact]
    public void A_solution_with_a_different_signature_is_reported()
    {
        var (notebook, solutions) = CourseWithSolution(
            "// EXERCISE t.f (1 point)\nstatic int F(int x, int y)\n{\n    // BEGIN SOLUTION\n    return x + y;\n    // END SOLUTION\n}\n",
            "// EXERCISE t.f (1 point)\nstatic int F(int x)\n{\n    // TODO(student)\n    throw new NotImplementedException();\n}");
        var problems = ExerciseConsistency.CheckNotebook(notebook, solutions);
        Assert.Contains(problems, p => p.Contains("the signature differs from the solution's"));
    }

    [Fact]
    public void A_solution_left_in_the_student_notebook_is_reported()
    {
        string solution = "// EXERCISE t.f (1 point)\nstatic int F(int x)\n{\n    // BEGIN SOLUTION\n    return x;\n    // END SOLUTION\n}\n";
        var (notebook, solutions) = CourseWithSolution(solution, solution.TrimEnd('\n'));
        Assert.Contains(ExerciseConsistency.CheckNotebook(notebook, solutions), p => p.Contains("is not the stub of its solution"));
    }

    [Theory]
    [InlineData("// EXERCISE t.other (1 point)\nstatic int F(int x)\n{\n    // BEGIN SOLUTION\n    return x;\n    // END SOLUTION\n}\n", "the marker names 't.other'")]
    [InlineData("static int F(int x) => x;\n", "the first line must be the exercise marker")]
    [InlineData("// EXERCISE t.f (1 point)\nstatic int F(int x) => x;\n", "no '// BEGIN SOLUTION' ... '// END SOLUTION' region")]
    [InlineData("// EXERCISE t.f (1 point)\nstatic int F(int x)\n{\n    // BEGIN SOLUTION\n    return x;\n}\n", "is never closed")]
    public void Malformed_solution_files_are_refused(string solution, string expected)
    {
        var (_, solutions) = CourseWithSolution(solution, "");
        Assert.Contains(expected, Assert.Throws<ExerciseFormatException>(() => solutions.Get("t.f")).Message);
    }

    [Fact]
    public void Stub_recognition_ignores_line_endings_and_trailing_space_only()
    {
        string stub = SampleSolutions.Get("basics.linear_schedule").Stub;
        Assert.True(Stubs.IsUnchangedStub(stub.Replace("\n", "\r\n") + "  \n\n", stub));
        Assert.False(Stubs.IsUnchangedStub(stub.Replace("throw new NotImplementedException();", "return start;"), stub));
    }

    internal static (Notebook, SolutionStore) CourseWithSolution(string solutionFile, string cell)
    {
        string dir = TestPaths.NewTempDir();
        File.WriteAllText(Path.Combine(dir, "t.f.cs"), solutionFile);
        var notebook = Notebook.CreatePolyglot();
        notebook.AddCode(cell);
        return (notebook, new SolutionStore(dir));
    }
}
