namespace CourseKit.Tests;

public class SkeletonTests
{
    [Fact]
    public void LibraryAssemblyIsNamedCourseKit() =>
        Assert.Equal("CourseKit", typeof(CourseKit.Torch.torch).Assembly.GetName().Name);

    [Fact]
    public void TheDefaultBuildNeitherRestoresNorCopiesTorchSharp()
    {
        // The TorchSharp backend is a build switch: a student's plain `dotnet build` must stay light.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CourseKit.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        string assets = Path.Combine(dir!.FullName, "src", "CourseKit", "obj", "project.assets.json");
        Assert.True(File.Exists(assets), $"{assets} is missing: the default build keeps the library's restore assets there");
        Assert.DoesNotContain("torchsharp", File.ReadAllText(assets), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("libtorch", File.ReadAllText(assets), StringComparison.OrdinalIgnoreCase);
        Assert.False(File.Exists(Path.Combine(dir.FullName, "artifacts", "lib", "TorchSharp.dll")), "artifacts/lib holds TorchSharp.dll");
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "TorchSharp");
    }
}
