using System.Reflection;
using CourseKit.ElfPatch;

namespace CourseKit.Tests.TorchSharpBackend;

/// <summary>The build step that lets libLibTorchSharp.so load where libstdc++ lacks GLIBCXX_3.4.32, on the shipped file.</summary>
public sealed class WeakVersionTests : IDisposable
{
    const string Version = "GLIBCXX_3.4.32";
    readonly string dir = Directory.CreateTempSubdirectory("coursekit-elf-").FullName;

    static string Shipped()
    {
        var packageDir = typeof(WeakVersionTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "TorchSharpPackageDir").Value!;
        var path = Path.Combine(packageDir, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(path), $"the TorchSharp package's {path} is missing");
        return path;
    }

    string CopyOfShipped()
    {
        var copy = Path.Combine(dir, "libLibTorchSharp.so");
        File.Copy(Shipped(), copy);
        return copy;
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void TheShippedLibraryNeedsTheVersionStrongly()
    {
        var need = WeakVersion.Find(ElfImage.Parse(File.ReadAllBytes(Shipped())), "shipped", Version);
        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
    }

    [Fact]
    public void PatchingSetsTheWeakFlagOnThatEntryAndChangesNothingElse()
    {
        var path = CopyOfShipped();
        var before = File.ReadAllBytes(path);
        var needsBefore = SymbolVersions.Needed(ElfImage.Parse(before));

        Assert.Equal(WeakenOutcome.Patched, WeakVersion.Apply(path, Version));

        var after = File.ReadAllBytes(path);
        Assert.Equal(before.Length, after.Length);
        var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
        var target = needsBefore.Single(n => n.Name == Version);
        Assert.Equal([target.FlagsOffset], changed.Select(i => (long)i));
        var needsAfter = SymbolVersions.Needed(ElfImage.Parse(after));
        Assert.Equal(needsBefore.Count, needsAfter.Count);
        for (int i = 0; i < needsBefore.Count; i++)
        {
            Assert.Equal(needsBefore[i].Name, needsAfter[i].Name);
            var expected = needsBefore[i].Name == Version ? needsBefore[i].Flags | VersionNeed.WeakFlag : needsBefore[i].Flags;
            Assert.Equal(expected, needsAfter[i].Flags);
        }
    }

    [Fact]
    public void PatchingTwiceIsANoOp()
    {
        var path = CopyOfShipped();
        WeakVersion.Apply(path, Version);
        var once = File.ReadAllBytes(path);
        Assert.Equal(WeakenOutcome.AlreadyWeak, WeakVersion.Apply(path, Version));
        Assert.Equal(once, File.ReadAllBytes(path));
    }

    [Fact]
    public void TheBuildPatchedItsOutputCopyExactlyWhenThisSystemLacksTheVersion()
    {
        var libstdcxx = SystemLibrary.LoadedPath("libstdc++.so.6");
        Assert.NotNull(libstdcxx);
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var need = WeakVersion.Find(ElfImage.Parse(File.ReadAllBytes(output)), output, Version);
        Assert.Equal(!SystemLibrary.Defines(libstdcxx!, Version), need.IsWeak);
        // The package cache keeps the shipped file whatever the build did.
        Assert.False(WeakVersion.Find(ElfImage.Parse(File.ReadAllBytes(Shipped())), "shipped", Version).IsWeak);
    }

    [Fact]
    public void AFileThatIsNotElfIsRefusedByName()
    {
        var path = Path.Combine(dir, "notes.txt");
        File.WriteAllText(path, "not a library, just some text long enough to pass the size check of an ELF header........");
        var e = Assert.Throws<InvalidDataException>(() => WeakVersion.Apply(path, Version));
        Assert.Contains("notes.txt is not an ELF file", e.Message);
    }

    [Fact]
    public void AVersionTheLibraryDoesNotNeedIsRefusedWithTheVersionsItNeeds()
    {
        var path = CopyOfShipped();
        var before = File.ReadAllBytes(path);
        var e = Assert.Throws<InvalidDataException>(() => WeakVersion.Apply(path, "GLIBCXX_9.9.9"));
        Assert.Contains("does not need symbol version GLIBCXX_9.9.9", e.Message);
        Assert.Contains("GLIBCXX_3.4.32", e.Message);
        Assert.Equal(before, File.ReadAllBytes(path));
    }

    [Fact]
    public void TheSystemLibStdCxxDefinesItsOwnBaseVersions()
    {
        var libstdcxx = SystemLibrary.LoadedPath("libstdc++.so.6")!;
        var defined = SymbolVersions.Defined(ElfImage.Parse(File.ReadAllBytes(libstdcxx)));
        Assert.Contains("GLIBCXX_3.4", defined);
        Assert.Contains("CXXABI_1.3", defined);
    }
}
