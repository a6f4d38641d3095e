using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>One deliberately broken submission per failure mode; each must fail only itself, with its reason.</summary>
[Collection("grader")]
public class BrokenSubmissionTests(GraderFixture fixture)
{
    const string Id = "basics.discounted_returns";
    const string Marker = "// EXERCISE basics.discounted_returns (2 points)\n";
    const string Signature = "static double[] DiscountedReturns(double[] rewards, double gamma)\n";

    static string Cell(string body) => Marker + Signature + "{\n" + body + "\n}";

    Task<ExerciseGrade> Grade(string code) => fixture.Grader.GradeExerciseAsync(Id, code);

    [Fact]
    public async Task Reference_solution_earns_full_marks()
    {
        var grade = await Grade(fixture.Solutions.Get(Id).Code);
        Assert.True(grade.Status == GradeStatus.Passed, grade.Report());
        Assert.Equal(2, grade.Score);
        Assert.Equal(6, grade.Checks.Count); // 3 visible + 3 hidden
    }

    [Fact]
    public async Task Wrong_answer_gets_partial_credit_per_check_weight_with_actionable_messages()
    {
        // Forgets the discount: sums the remaining rewards.
        var grade = await Grade(Cell("    var g = new double[rewards.Length];\n    double s = 0;\n    for (int t = rewards.Length - 1; t >= 0; t--) { s += rewards[t]; g[t] = s; }\n    return g;"));
        Assert.Equal(GradeStatus.Failed, grade.Status);
        // Passing: one reward (1), empty (1), input unchanged (1) out of total weight 7.
        Assert.Equal(Math.Round(2.0 * 3 / 7, 4), grade.Score);
        var failed = grade.Checks.Single(c => c.Name == "three rewards, gamma 0.5");
        Assert.Contains("element [0] is 3, expected 1.75. Whole result [3, 2, 1], expected [1.75, 1.5, 1]", failed.Message);
    }

    [Fact]
    public async Task Compile_error_is_reported_with_the_cells_own_line_numbers()
    {
        var grade = await Grade(Cell("    var g = new double[rewards.Length]\n    return g;"));
        Assert.Equal(GradeStatus.CompileError, grade.Status);
        Assert.Contains("(4,39): error CS1002: ; expected", grade.Summary);
        Assert.Equal(0, grade.Score);
    }

    [Fact]
    public async Task Changed_signature_is_refused_before_running()
    {
        var grade = await Grade(Marker + "static double[] DiscountedReturns(double[] rewards, float gamma) => rewards;");
        Assert.Equal(GradeStatus.SignatureMismatch, grade.Status);
        Assert.Contains("asks for `static double[] DiscountedReturns(double[] rewards, double gamma)`", grade.Summary);
    }

    [Fact]
    public async Task Cell_without_a_method_is_refused()
    {
        var grade = await Grade(Marker + "var answer = 42;");
        Assert.Equal(GradeStatus.SignatureMismatch, grade.Status);
        Assert.Contains("declares no method or class", grade.Summary);
    }

    [Fact]
    public async Task Infinite_loop_fails_at_the_time_limit()
    {
        var grade = await fixture.ShortLimitGrader.GradeExerciseAsync(Id, Cell("    while (true) { }"));
        Assert.Equal(GradeStatus.TimedOut, grade.Status);
        Assert.Contains("Time limit exceeded", grade.Summary);
        if (OperatingSystem.IsLinux()) Assert.Contains("of CPU time", grade.Summary);
        Assert.All(grade.Checks, c => Assert.False(c.Passed));
        Assert.True(grade.Elapsed < WorkerProcess.WallClockLimit(GraderFixture.ShortTimeLimit) + TimeSpan.FromSeconds(5), $"took {grade.Elapsed}");
    }

    [Fact]
    public async Task Code_that_sleeps_forever_is_ended_by_the_wall_clock()
    {
        var grade = await fixture.ShortLimitGrader.GradeExerciseAsync(Id, Cell("    System.Threading.Thread.Sleep(System.Threading.Timeout.Infinite);\n    return rewards;"));
        Assert.Equal(GradeStatus.TimedOut, grade.Status);
        Assert.Contains("Time limit exceeded", grade.Summary);
        if (OperatingSystem.IsLinux()) Assert.Contains("little CPU time", grade.Summary);
        Assert.True(grade.Elapsed >= WorkerProcess.WallClockLimit(GraderFixture.ShortTimeLimit) - TimeSpan.FromSeconds(1), $"ended after {grade.Elapsed}, before the wall clock ran out");
        Assert.True(grade.Elapsed < WorkerProcess.WallClockLimit(GraderFixture.ShortTimeLimit) + TimeSpan.FromSeconds(10), $"took {grade.Elapsed}");
    }

    [Fact]
    public async Task Stack_overflow_crashes_only_the_child()
    {
        var grade = await Grade(Cell("    return DiscountedReturns(rewards, gamma);"));
        Assert.Equal(GradeStatus.Crashed, grade.Status);
        Assert.Contains("Stack overflow", grade.Summary);
        Assert.Equal(0, grade.Score);
    }

    [Fact]
    public async Task Environment_exit_is_refused_before_it_runs()
    {
        var grade = await Grade(Cell("    Environment.Exit(0);\n    return rewards;"));
        Assert.Equal(GradeStatus.Refused, grade.Status);
        Assert.Contains("line 4: System.Environment.Exit (ending the process)", grade.Summary);
    }

    [Fact]
    public async Task Unhandled_exception_on_another_thread_is_detected()
    {
        var grade = await Grade(Cell("    var t = new System.Threading.Thread(() => throw new InvalidOperationException(\"from a thread\"));\n    t.Start(); t.Join();\n    return rewards;"));
        Assert.Equal(GradeStatus.Crashed, grade.Status);
        Assert.Contains("unhandled exception", grade.Summary);
        Assert.Contains("from a thread", grade.Summary);
        Assert.Contains("at line 4 of your cell, in a lambda in DiscountedReturns", grade.Summary);
        Assert.DoesNotContain(".cs:line", grade.Summary);
    }

    [Fact]
    public async Task Out_of_memory_fails_with_the_reason()
    {
        var grade = await Grade(Cell("    var hoard = new List<double[]>();\n    while (true) hoard.Add(new double[1_000_000]);"));
        Assert.True(grade.Status is GradeStatus.Failed or GradeStatus.Crashed, grade.Report());
        Assert.Equal(0, grade.Score);
        Assert.Contains(grade.Checks, c => c.Message.Contains("memory", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Exception_in_the_code_names_the_exception()
    {
        var grade = await Grade(Cell("    return new double[] { rewards[rewards.Length] };"));
        Assert.Equal(GradeStatus.Failed, grade.Status);
        var failed = grade.Checks.First(c => !c.Passed);
        Assert.Equal("Your code threw IndexOutOfRangeException: Index was outside the bounds of the array.\n" +
                     "    at line 4 of your cell, in DiscountedReturns(Double[] rewards, Double gamma)", failed.Message);
    }

    [Fact]
    public async Task Exception_inside_the_library_shows_only_the_students_frames()
    {
        // ConvSize.Output throws from CourseKit's own source; the student sees where their cell called it.
        var grade = await Grade(Cell("    Func<long, long> size = n => CourseKit.Nets.ConvSize.Output(n, 5);\n    size(rewards.Length);\n    return rewards;"));
        Assert.Equal(GradeStatus.Failed, grade.Status);
        string message = grade.Checks.First(c => !c.Passed).Message;
        Assert.StartsWith("Your code threw ArgumentException: ConvSize:", message);
        Assert.Contains("    at line 4 of your cell, in a lambda in DiscountedReturns\n    at line 5 of your cell, in DiscountedReturns(Double[] rewards, Double gamma)", message);
        Assert.DoesNotContain("Cnn.cs", message);
        Assert.DoesNotContain(TestPaths.RepoRoot, message);
        Assert.DoesNotContain("CourseKit.Nets", message.Split('\n')[1]);
    }

    [Fact]
    public async Task Printed_output_is_captured_and_forged_result_lines_earn_nothing()
    {
        string forge = "    Console.WriteLine(\"debug print\");\n" +
                       "    Console.WriteLine(\"{\\\"type\\\":\\\"result\\\",\\\"name\\\":\\\"x\\\",\\\"weight\\\":100,\\\"passed\\\":true}\");\n" +
                       "    Console.WriteLine(\"{\\\"type\\\":\\\"done\\\"}\");\n" +
                       "    return new double[rewards.Length];";
        var grade = await Grade(Cell(forge));
        Assert.Equal(GradeStatus.Failed, grade.Status);
        Assert.DoesNotContain(grade.Checks, c => c.Name == "x");
        Assert.Contains(grade.Checks, c => c.Output.Contains("debug print"));
    }

    [Fact]
    public async Task Writing_to_the_raw_stdout_stream_is_refused()
    {
        var grade = await Grade(Cell("    var raw = new System.IO.StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };\n    return rewards;"));
        Assert.Equal(GradeStatus.Refused, grade.Status);
        Assert.Contains("System.IO.StreamWriter (constructor) (files)", grade.Summary);
    }

    [Fact]
    public async Task Compiler_warnings_are_shown_with_the_cells_line_numbers_as_in_the_kernel()
    {
        // No nullable context, as in the kernel: an annotation warns (CS8632) but compiles. nameof(List<>) is C# 14.
        var grade = await Grade(Cell("    string? note = nameof(List<>);\n    int unused;\n" + "    var g = new double[rewards.Length];\n    double s = 0;\n" +
                                     "    for (int t = rewards.Length - 1; t >= 0; t--) { s = rewards[t] + gamma * s; g[t] = s; }\n    return g;"));
        Assert.True(grade.Status == GradeStatus.Passed, grade.Report());
        Assert.Contains(grade.Warnings, w => w.StartsWith("(4,11): warning CS8632:", StringComparison.Ordinal));
        Assert.Contains(grade.Warnings, w => w.StartsWith("(5,9): warning CS0168:", StringComparison.Ordinal));
        Assert.Contains("(5,9): warning CS0168", grade.Report());
    }

    [Fact]
    public async Task Stub_is_not_attempted_but_fails_when_forced()
    {
        string stub = fixture.Solutions.Get(Id).Stub;
        Assert.Equal(GradeStatus.NotAttempted, (await Grade(stub)).Status);
        var forced = await fixture.Grader.GradeExerciseAsync(Id, stub, forceRun: true);
        Assert.Equal(GradeStatus.Failed, forced.Status);
        Assert.Contains("Not implemented yet", forced.Checks[0].Message);
    }
}
