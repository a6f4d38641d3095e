namespace CourseKit.ElfPatch;

/// <summary>What <see cref="WeakVersion.Apply"/> did.</summary>
public enum WeakenOutcome
{
    /// <summary>The requirement was strong and is now weak; the file was rewritten.</summary>
    Patched,
    /// <summary>The requirement was weak already; the file was not touched.</summary>
    AlreadyWeak,
}

/// <summary>
/// Marks one symbol-version requirement of a shared library weak (VER_FLG_WEAK on its Vernaux entry), so the
/// dynamic loader loads the library even where the providing library lacks that version. Only sound when no
/// symbol the library binds at load time needs that version; the caller decides that.
/// </summary>
public static class WeakVersion
{
    /// <summary>
    /// Sets the weak flag on the requirement for <paramref name="version"/> in <paramref name="path"/>. Two bytes change;
    /// the file is replaced atomically (a new file renamed over it, with the original's modification time), so a hard link into a package cache keeps the original.
    /// </summary>
    /// <exception cref="InvalidDataException">The file is not a 64-bit little-endian ELF library or does not need <paramref name="version"/>.</exception>
    public static WeakenOutcome Apply(string path, string version)
    {
        var bytes = File.ReadAllBytes(path);
        var need = Find(ElfImage.Parse(bytes, path), path, version);
        if (need.IsWeak) return WeakenOutcome.AlreadyWeak;
        ushort flags = (ushort)(need.Flags | VersionNeed.WeakFlag);
        bytes[need.FlagsOffset] = (byte)flags;
        bytes[need.FlagsOffset + 1] = (byte)(flags >> 8);

        string temp = path + ".weaken-" + Environment.ProcessId + ".tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, File.GetUnixFileMode(path));
            // The shipped file's time stays: the build's incremental copy (same size and time) then leaves the patched
            // file alone instead of writing the shipped one back over it, in place, on every build, which would change
            // the library under a kernel that has it loaded (artifacts/lib-torchsharp/ links to this file).
            File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return WeakenOutcome.Patched;
    }

    /// <summary>The requirement for <paramref name="version"/>; throws naming the versions the file does need when it is absent.</summary>
    public static VersionNeed Find(ElfImage elf, string path, string version)
    {
        var needs = SymbolVersions.Needed(elf);
        var matches = needs.Where(n => n.Name == version).ToList();
        if (matches.Count == 0)
            throw new InvalidDataException($"{path} does not need symbol version {version}; it needs: "
                + string.Join(", ", needs.Select(n => n.Name).Distinct()) + ". Check the package version the build expects.");
        if (matches.Count > 1)
            throw new InvalidDataException($"{path} needs {version} from {matches.Count} libraries; refusing to guess which to weaken.");
        return matches[0];
    }
}
