using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>Exercises whose subject is a class, or a method declared without <c>static</c> (a script instance method).</summary>
public class SubjectKindTests
{
    const string CounterSolution = """
        // EXERCISE t.counter (1 point)
        class Counter
        {
            int _n;
            public int Next()
            {
                // BEGIN SOLUTION
                return ++_n;
                // END SOLUTION
            }
        }

        """;

    const string TwiceSolution = """
        // EXERCISE t.twice (1 point)
        int Twice(int x)
        {
            // BEGIN SOLUTION
            return 2 * x;
            // END SOLUTION
        }

        """;

    const string Checks = """
        using System.Reflection;
        using CourseKit.Checks;

        [ExerciseChecks("t.counter")]
        public static class CounterChecks
        {
            [Check]
            public static void CountsUp(Type counter)
            {
                object instance = Activator.CreateInstance(counter, nonPublic: true)!;
                var next = counter.GetMethod("Next")!;
                next.Invoke(instance, null);
                Expect.Equal(2, (int)next.Invoke(instance, null)!, "second Next()");
            }
        }

        [ExerciseChecks("t.twice")]
        public static class TwiceChecks
        {
            [Check]
            public static void Doubles(Func<int, int> twice) => Expect.Equal(6, twice(3), "Twice(3)");
        }
        """;

    [Fact]
    public async Task Class_and_instance_method_subjects_are_graded()
    {
        string dir = TestPaths.NewTempDir();
        Directory.CreateDirectory(Path.Combine(dir, "solutions"));
        Directory.CreateDirectory(Path.Combine(dir, "checks"));
        File.WriteAllText(Path.Combine(dir, "solutions", "t.counter.cs"), CounterSolution);
        File.WriteAllText(Path.Combine(dir, "solutions", "t.twice.cs"), TwiceSolution);
        File.WriteAllText(Path.Combine(dir, "checks", "Checks.cs"), Checks);
        var layout = new CourseLayout(Path.Combine(dir, "notebooks"), Path.Combine(dir, "solutions"), [Path.Combine(dir, "checks")],
            TestPaths.SampleCourse.CourseKitDll);
        using var grader = Grader.ForCourse(layout);
        var solutions = new Exercises.SolutionStore(layout.SolutionsDirectory);

        foreach (var id in new[] { "t.counter", "t.twice" })
        {
            var pass = await grader.GradeExerciseAsync(id, solutions.Get(id).Code);
            Assert.True(pass.Status == GradeStatus.Passed, pass.Report());
            var stub = await grader.GradeExerciseAsync(id, solutions.Get(id).Stub, forceRun: true);
            Assert.True(stub.Status == GradeStatus.Failed, stub.Report());
        }
    }
}
