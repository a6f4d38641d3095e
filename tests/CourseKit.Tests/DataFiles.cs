namespace CourseKit.Tests;

/// <summary>The repository's data/ folder, found by walking up from the test binary to CourseKit.sln, so a missing file fails loudly.</summary>
internal static class DataFiles
{
    public static string Path(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "CourseKit.sln")))
                return System.IO.Path.Combine(dir.FullName, "data", fileName);
        throw new DirectoryNotFoundException($"No CourseKit.sln above {AppContext.BaseDirectory}: cannot find data/.");
    }

    /// <summary>A fresh temporary folder holding copies of <paramref name="fileNames"/> from data/, for tests that damage them.</summary>
    public static DirectoryInfo CopyToTemp(params string[] fileNames)
    {
        var dir = Directory.CreateTempSubdirectory("coursekit-data-");
        foreach (var f in fileNames) File.Copy(Path(f), System.IO.Path.Combine(dir.FullName, f));
        return dir;
    }
}
