using System.Runtime.InteropServices;

namespace CourseKit.ElfPatch;

/// <summary>Finds the shared library this process actually loaded, the one a .NET program on this machine binds to.</summary>
public static class SystemLibrary
{
    /// <summary>
    /// The path of the loaded library whose file name starts with <paramref name="soname"/> (e.g. <c>libstdc++.so.6</c>),
    /// loading it first if the runtime has not; null when it cannot be found (not Linux, or not installed).
    /// </summary>
    public static string? LoadedPath(string soname)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var found = FromMaps(soname);
        if (found is not null) return found;
        if (!NativeLibrary.TryLoad(soname, out _)) return null;
        return FromMaps(soname);
    }

    static string? FromMaps(string soname)
    {
        // /proc/self/maps lists every mapped file; the path is the last field of a line.
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            int slash = line.IndexOf('/');
            if (slash < 0) continue;
            string path = line[slash..].Trim();
            if (Path.GetFileName(path).StartsWith(soname, StringComparison.Ordinal)) return path;
        }
        return null;
    }

    /// <summary>Whether the ELF library at <paramref name="path"/> defines symbol version <paramref name="version"/>.</summary>
    public static bool Defines(string path, string version) =>
        SymbolVersions.Defined(ElfImage.Parse(File.ReadAllBytes(path), path)).Contains(version);
}
