using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>One grader for the sample course, shared by the grading tests (hidden checks compiled once).</summary>
public sealed class GraderFixture : IDisposable
{
    /// <summary>Short enough that the infinite-loop test stays cheap, long enough for a loaded 2-core machine.</summary>
    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(4);

    public GraderFixture() =>
        Grader = Grader.ForCourse(TestPaths.SampleCourse, o => o with { ExerciseTimeLimit = TimeLimit, MemoryLimitBytes = 256L * 1024 * 1024 });

    public Grader Grader { get; }

    public SolutionStore Solutions { get; } = new(TestPaths.SampleCourse.SolutionsDirectory);

    public void Dispose() => Grader.Dispose();
}

[CollectionDefinition("grader")]
public sealed class GraderCollection : ICollectionFixture<GraderFixture>;
