namespace CourseKit.Tests;

public class SkeletonTests
{
    [Fact]
    public void LibraryAssemblyIsNamedCourseKit() =>
        Assert.Equal("CourseKit", typeof(CourseKit.Torch.torch).Assembly.GetName().Name);
}
