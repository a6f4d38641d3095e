using System.Diagnostics.CodeAnalysis;

namespace CourseKit.ElfPatch;

/// <summary>One version a library needs from another (a Vernaux entry of <c>.gnu.version_r</c>).</summary>
/// <param name="File">The library it is needed from, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Name">The version, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Flags">vna_flags: bit 0x2 (VER_FLG_WEAK) makes a missing version a warning instead of a load failure.</param>
/// <param name="FlagsOffset">Where vna_flags sits in the file.</param>
public sealed record VersionNeed(string File, string Name, ushort Flags, long FlagsOffset)
{
    /// <summary>VER_FLG_WEAK: the dynamic loader does not fail when the version is missing.</summary>
    public const ushort WeakFlag = 0x2;
    /// <summary>Whether the requirement is already weak.</summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;
}

/// <summary>Reads the GNU symbol-version sections of an <see cref="ElfImage"/>.</summary>
public static class SymbolVersions
{
    /// <summary>Every Vernaux entry of <c>.gnu.version_r</c>, walking the Verneed chain and each one's Vernaux chain.</summary>
    public static List<VersionNeed> Needed(ElfImage elf)
    {
        var result = new List<VersionNeed>();
        if (!Open(elf, ElfImage.ShtGnuVerneed, out var section, out var strings)) return result;
        var b = elf.Bytes;
        // Verneed (16 bytes): vn_version, vn_cnt, vn_file, vn_aux, vn_next; sh_info counts them.
        foreach (long need in Chain(b, section, section.Offset, section.Info, size: 16, nextAt: 12))
        {
            string file = elf.StringAt(strings, ElfImage.U32(b, need + 4));
            // Vernaux (16 bytes): vna_hash, vna_flags, vna_other, vna_name, vna_next.
            foreach (long aux in Chain(b, section, need + ElfImage.U32(b, need + 8), ElfImage.U16(b, need + 2), size: 16, nextAt: 12))
                result.Add(new VersionNeed(file, elf.StringAt(strings, ElfImage.U32(b, aux + 8)), ElfImage.U16(b, aux + 4), aux + 4));
        }
        return result;
    }

    /// <summary>Every version name <c>.gnu.version_d</c> defines (the first Verdaux of each Verdef).</summary>
    public static List<string> Defined(ElfImage elf)
    {
        var result = new List<string>();
        if (!Open(elf, ElfImage.ShtGnuVerdef, out var section, out var strings)) return result;
        var b = elf.Bytes;
        // Verdef (20 bytes): vd_version, vd_flags, vd_ndx, vd_cnt, vd_hash, vd_aux, vd_next; its first Verdaux names it.
        foreach (long def in Chain(b, section, section.Offset, section.Info, size: 20, nextAt: 16))
        {
            long aux = def + ElfImage.U32(b, def + 12);
            Within(section, aux, 8);
            result.Add(elf.StringAt(strings, ElfImage.U32(b, aux)));
        }
        return result;
    }

    /// <summary>
    /// The file offsets of a chain of version entries: each holds, at <paramref name="nextAt"/>, the distance to the
    /// next (0 ends it). Bounded by <paramref name="count"/> and by the section, so a corrupt chain cannot loop or escape.
    /// </summary>
    static IEnumerable<long> Chain(byte[] b, ElfImage.Section section, long first, uint count, int size, int nextAt)
    {
        long at = first;
        for (uint n = 0; n < count; n++)
        {
            Within(section, at, size);
            yield return at;
            uint next = ElfImage.U32(b, at + nextAt);
            if (next == 0) yield break;
            at += next;
        }
    }

    /// <summary>The version section of <paramref name="type"/> and the string table it links to; false when the file has none.</summary>
    static bool Open(ElfImage elf, uint type, [NotNullWhen(true)] out ElfImage.Section? section, [NotNullWhen(true)] out ElfImage.Section? strings)
    {
        section = elf.FirstOfType(type);
        strings = null;
        if (section is null) return false;
        if (section.Link >= elf.Sections.Count)
            throw new InvalidDataException($"{section.Name} links to section {section.Link}, which does not exist.");
        strings = elf.Sections[(int)section.Link];
        if (strings.Type != 3) throw new InvalidDataException($"{section.Name} links to {strings.Name}, which is not a string table.");
        return true;
    }

    static void Within(ElfImage.Section section, long at, int size)
    {
        if (at < section.Offset || at + size > section.Offset + section.Size)
            throw new InvalidDataException($"{section.Name}: an entry at file offset {at} lies outside the section.");
    }
}
