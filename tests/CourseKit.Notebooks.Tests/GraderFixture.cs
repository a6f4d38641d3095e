using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>One grader for the sample course, shared by the grading tests (hidden checks compiled once).</summary>
public sealed class GraderFixture : IDisposable
{
    /// <summary>For the infinite-loop tests: short so they stay cheap, long enough for a child to start on a loaded 2-core machine.</summary>
    public static readonly TimeSpan ShortTimeLimit = TimeSpan.FromSeconds(6);

    public GraderFixture()
    {
        Grader = Grader.ForCourse(TestPaths.SampleCourse, o => o with { MemoryLimitBytes = 256L * 1024 * 1024 });
        ShortLimitGrader = Grader.ForCourse(TestPaths.SampleCourse, o => o with { ExerciseTimeLimit = ShortTimeLimit });
    }

    /// <summary>The default 20 s limit, a 256 MB heap.</summary>
    public Grader Grader { get; }

    /// <summary>A grader whose time limit is <see cref="ShortTimeLimit"/>.</summary>
    public Grader ShortLimitGrader { get; }

    public SolutionStore Solutions { get; } = new(TestPaths.SampleCourse.SolutionsDirectory);

    public void Dispose()
    {
        Grader.Dispose();
        ShortLimitGrader.Dispose();
    }
}

[CollectionDefinition("grader")]
public sealed class GraderCollection : ICollectionFixture<GraderFixture>;
