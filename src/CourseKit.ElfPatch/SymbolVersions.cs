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
        var section = elf.FirstOfType(ElfImage.ShtGnuVerneed);
        if (section is null) return result;
        var strings = StringTable(elf, section);
        var b = elf.Bytes;
        long at = section.Offset;
        // sh_info holds the number of Verneed entries; bounding the walk by it (and by the section) stops a cycle.
        for (uint n = 0; n < section.Info; n++)
        {
            Within(section, at, 16);
            ushort cnt = ElfImage.U16(b, at + 2);
            string file = elf.StringAt(strings, ElfImage.U32(b, at + 4));
            long aux = at + ElfImage.U32(b, at + 8);
            for (int k = 0; k < cnt; k++)
            {
                Within(section, aux, 16);
                result.Add(new VersionNeed(file, elf.StringAt(strings, ElfImage.U32(b, aux + 8)), ElfImage.U16(b, aux + 4), aux + 4));
                uint nextAux = ElfImage.U32(b, aux + 12);
                if (nextAux == 0) break;
                aux += nextAux;
            }
            uint next = ElfImage.U32(b, at + 12);
            if (next == 0) break;
            at += next;
        }
        return result;
    }

    /// <summary>Every version name <c>.gnu.version_d</c> defines (the first Verdaux of each Verdef).</summary>
    public static List<string> Defined(ElfImage elf)
    {
        var result = new List<string>();
        var section = elf.FirstOfType(ElfImage.ShtGnuVerdef);
        if (section is null) return result;
        var strings = StringTable(elf, section);
        var b = elf.Bytes;
        long at = section.Offset;
        for (uint n = 0; n < section.Info; n++)
        {
            Within(section, at, 20);
            long aux = at + ElfImage.U32(b, at + 12);
            Within(section, aux, 8);
            result.Add(elf.StringAt(strings, ElfImage.U32(b, aux)));
            uint next = ElfImage.U32(b, at + 16);
            if (next == 0) break;
            at += next;
        }
        return result;
    }

    static ElfImage.Section StringTable(ElfImage elf, ElfImage.Section section)
    {
        if (section.Link >= elf.Sections.Count)
            throw new InvalidDataException($"{section.Name} links to section {section.Link}, which does not exist.");
        var strings = elf.Sections[(int)section.Link];
        if (strings.Type != 3) throw new InvalidDataException($"{section.Name} links to {strings.Name}, which is not a string table.");
        return strings;
    }

    static void Within(ElfImage.Section section, long at, int size)
    {
        if (at < section.Offset || at + size > section.Offset + section.Size)
            throw new InvalidDataException($"{section.Name}: an entry at file offset {at} lies outside the section.");
    }
}
