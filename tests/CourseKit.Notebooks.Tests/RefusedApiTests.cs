using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// APIs no exercise needs (reflection, processes, files, the network, ending the process, native code,
/// the checks themselves) are refused at compile time, by symbol, wherever they hide; what exercises do
/// use (Console, Stopwatch, LINQ, CourseKit's building blocks) stays allowed.
/// </summary>
[Collection("grader")]
public class RefusedApiTests(GraderFixture fixture)
{
    const string Marker = "// EXERCISE basics.discounted_returns (2 points)\n";
    const string Signature = "static double[] DiscountedReturns(double[] rewards, double gamma)\n";

    // The working answer, so that a refusal can only come from the line under test.
    const string Answer = "    var g = new double[rewards.Length];\n    double s = 0;\n" +
                          "    for (int t = rewards.Length - 1; t >= 0; t--) { s = rewards[t] + gamma * s; g[t] = s; }\n    return g;";

    static string Cell(string line, string before = "") => Marker + before + Signature + "{\n    " + line + "\n" + Answer + "\n}";

    /// <summary>(category, a line that uses it, the API the refusal must name).</summary>
    public static TheoryData<string, string, string> Uses() => new()
    {
        { "reflection", "var m = typeof(string).GetMethod(\"Trim\", Type.EmptyTypes);", "System.Type.GetMethod" },
        { "reflection", "var o = Activator.CreateInstance(typeof(List<int>));", "System.Activator.CreateInstance" },
        { "reflection", "var a = System.Reflection.Assembly.Load(\"CourseKit\");", "System.Reflection.Assembly.Load" },
        { "reflection", "typeof(string).GetType().InvokeMember(\"x\", default, null, null, null);", "System.Type.InvokeMember" },
        { "reflection", "dynamic d = rewards; var n = d.Length;", "dynamic" },
        { "reflection", "var ms = System.Reflection.RuntimeReflectionExtensions.GetRuntimeMethods(typeof(int));", "System.Reflection.RuntimeReflectionExtensions.GetRuntimeMethods" },
        { "processes", "System.Diagnostics.Process.Start(\"sh\", \"-c true\");", "System.Diagnostics.Process.Start" },
        { "files", "System.IO.File.WriteAllText(\"/tmp/x\", \"x\");", "System.IO.File.WriteAllText" },
        { "files", "var names = System.IO.Directory.GetFiles(\".\");", "System.IO.Directory.GetFiles" },
        { "files", "using var f = new System.IO.FileStream(\"x\", System.IO.FileMode.Create);", "System.IO.FileStream (constructor)" },
        { "files", "var weights = CourseKit.Nets.SafeTensors.Load(\"x.safetensors\");", "CourseKit.Nets.SafeTensors.Load" },
        { "the network", "using var c = new System.Net.Sockets.TcpClient(\"127.0.0.1\", 9);", "System.Net.Sockets.TcpClient (constructor)" },
        { "the network", "var h = new System.Net.Http.HttpClient();", "System.Net.Http.HttpClient (constructor)" },
        { "ending the process", "Environment.Exit(0);", "System.Environment.Exit" },
        { "ending the process", "Environment.FailFast(\"bye\");", "System.Environment.FailFast" },
        { "native code", "var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(1 << 30);", "System.Runtime.InteropServices.Marshal.AllocHGlobal" },
        { "native code", "var libc = System.Runtime.InteropServices.NativeLibrary.Load(\"libc.so.6\");", "System.Runtime.InteropServices.NativeLibrary.Load" },
        { "the course's checks", "CourseKit.Checks.Expect.True(true, \"x\");", "CourseKit.Checks.Expect.True" },
    };

    [Theory]
    [MemberData(nameof(Uses))]
    public async Task Each_category_is_refused_at_compile_time_naming_what_was_used(string category, string line, string api)
    {
        var grade = await fixture.Grader.GradeExerciseAsync("basics.discounted_returns", Cell(line));
        Assert.True(grade.Status == GradeStatus.Refused, grade.Report());
        Assert.Equal(0, grade.Score);
        Assert.Empty(grade.Checks);
        Assert.Contains($"line 4: {api} ({category})", grade.Summary);
        Assert.Contains(category == "the course's checks" ? "the self-check cell under the exercise runs them" : "No exercise needs it", grade.Summary);
    }

    [Fact]
    public async Task A_p_invoke_declaration_is_refused()
    {
        var grade = await fixture.Grader.GradeExerciseAsync("basics.discounted_returns",
            Cell("getpid();") + "\n[System.Runtime.InteropServices.DllImport(\"libc\")] static extern int getpid();");
        Assert.True(grade.Status == GradeStatus.Refused, grade.Report());
        Assert.Contains("line 10: System.Runtime.InteropServices.DllImportAttribute (constructor) (native code)", grade.Summary);
        Assert.Contains("line 10: extern method getpid (native code)", grade.Summary);
    }

    [Fact]
    public async Task Unsafe_code_does_not_compile_and_says_why()
    {
        var grade = await fixture.Grader.GradeExerciseAsync("basics.discounted_returns", Cell("unsafe { int x = 1; int* p = &x; }"));
        Assert.Equal(GradeStatus.CompileError, grade.Status);
        Assert.Contains("Unsafe code (pointers, fixed, function pointers) is refused in exercise cells: no exercise needs it.", grade.Summary);
    }

    [Theory]
    [InlineData("using IO = System.IO.File;\n", "IO.Delete(\"x\");", "System.IO.File.Delete")]
    [InlineData("using static System.IO.File;\n", "Delete(\"x\");", "System.IO.File.Delete")]
    [InlineData("", "Func<string, bool> exists = System.IO.File.Exists;", "System.IO.File.Exists")]
    [InlineData("", "Action later = () => System.IO.File.Delete(\"x\");", "System.IO.File.Delete")]
    [InlineData("", "var fs = (IEnumerable<string>)System.IO.Directory.EnumerateFiles(\".\"); foreach (var f in fs) { }", "System.IO.Directory.EnumerateFiles")]
    public async Task Aliases_using_static_method_groups_and_lambdas_are_seen_through(string before, string line, string api)
    {
        // The using directives go above the marker's method, like a cell's own usings.
        var grade = await fixture.Grader.GradeExerciseAsync("basics.discounted_returns", Cell(line, before));
        Assert.True(grade.Status == GradeStatus.Refused, grade.Report());
        Assert.Contains(api + " (files)", grade.Summary);
    }

    [Fact]
    public async Task Console_Stopwatch_and_text_writers_stay_allowed()
    {
        var grade = await fixture.Grader.GradeExerciseAsync("basics.discounted_returns", Cell(
            "var watch = System.Diagnostics.Stopwatch.StartNew(); var w = new System.IO.StringWriter(); w.Write(nameof(System.IO.File)); Console.WriteLine(watch.Elapsed > TimeSpan.Zero ? \"\" : w.ToString());"));
        Assert.True(grade.Status == GradeStatus.Passed, grade.Report());
    }

    [Fact]
    public async Task The_library_answer_of_a_sample_exercise_is_refused_in_every_spelling()
    {
        const string marker = "// EXERCISE basics.epsilon_greedy (2 points)\n";
        const string signature = "static int EpsilonGreedy(double[] qValues, double epsilon, Random rng)\n";
        string[] bodies =
        [
            "using static CourseKit.Rl.EpsilonGreedy;\n" + signature + "    => Select(qValues, epsilon, rng);",
            "using E = CourseKit.Rl.EpsilonGreedy;\n" + signature + "    => E.Select(qValues, epsilon, rng);",
            signature + "{\n    Func<double[], double, Random, int> pick = CourseKit.Rl.EpsilonGreedy.Select;\n    return pick(qValues, epsilon, rng);\n}",
            signature + "{\n    Func<int> later = () => global::CourseKit.Rl.EpsilonGreedy.Select(qValues, epsilon, rng);\n    return later();\n}",
        ];
        foreach (string body in bodies)
        {
            var grade = await fixture.Grader.GradeExerciseAsync("basics.epsilon_greedy", marker + body);
            Assert.True(grade.Status == GradeStatus.Refused, body + "\n" + grade.Report());
            Assert.Contains("CourseKit.Rl.EpsilonGreedy.Select (CourseKit's own answer to basics.epsilon_greedy)", grade.Summary);
        }
    }
}
