using System.Buffers.Binary;
using System.Text;

namespace CourseKit.ElfPatch;

/// <summary>
/// A 64-bit little-endian ELF file held in memory: its section headers and the strings they point at.
/// Only what reading GNU symbol versions needs; anything else in the file is left as bytes.
/// </summary>
public sealed class ElfImage
{
    /// <summary>Section type of <c>.gnu.version_d</c> (the versions a library defines).</summary>
    public const uint ShtGnuVerdef = 0x6ffffffd;
    /// <summary>Section type of <c>.gnu.version_r</c> (the versions a library needs from others).</summary>
    public const uint ShtGnuVerneed = 0x6ffffffe;

    /// <summary>The file's bytes; patches write here.</summary>
    public byte[] Bytes { get; }
    /// <summary>Every section header, in file order.</summary>
    public IReadOnlyList<Section> Sections { get; }

    /// <summary>One section header: where its bytes are, what it links to and how many entries it says it holds.</summary>
    public sealed record Section(int Index, string Name, uint Type, long Offset, long Size, uint Link, uint Info);

    ElfImage(byte[] bytes, List<Section> sections) { Bytes = bytes; Sections = sections; }

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ElfImage Parse(byte[] bytes, string what = "file")
    {
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{what} is not an ELF file (no \\x7fELF magic).");
        if (bytes[4] != 2) throw new InvalidDataException($"{what} is a 32-bit ELF file; only 64-bit ELF is read.");
        if (bytes[5] != 1) throw new InvalidDataException($"{what} is a big-endian ELF file; only little-endian ELF is read.");

        long shoff = (long)U64(bytes, 40);
        int shentsize = U16(bytes, 58), shnum = U16(bytes, 60), shstrndx = U16(bytes, 62);
        if (shoff == 0 || shnum == 0) throw new InvalidDataException($"{what} has no section headers.");
        if (shentsize != 64) throw new InvalidDataException($"{what}: section headers of {shentsize} bytes, expected 64.");
        if (shoff + (long)shnum * 64 > bytes.Length) throw new InvalidDataException($"{what}: section headers run past the end of the file.");
        if (shstrndx >= shnum) throw new InvalidDataException($"{what}: section-name table index {shstrndx} out of {shnum}.");

        var raw = new (uint name, uint type, long off, long size, uint link, uint info)[shnum];
        for (int i = 0; i < shnum; i++)
        {
            int h = checked((int)(shoff + i * 64L));
            raw[i] = (U32(bytes, h), U32(bytes, h + 4), (long)U64(bytes, h + 24), (long)U64(bytes, h + 32), U32(bytes, h + 40), U32(bytes, h + 44));
        }
        var names = raw[shstrndx];
        var sections = new List<Section>(shnum);
        for (int i = 0; i < shnum; i++)
        {
            var r = raw[i];
            // SHT_NOBITS (8) occupies no file bytes, so its offset/size say nothing about the file.
            if (r.type != 0 && r.type != 8 && (r.off < 0 || r.size < 0 || r.off + r.size > bytes.Length))
                throw new InvalidDataException($"{what}: section {i} runs past the end of the file.");
            sections.Add(new Section(i, CString(bytes, names.off, names.size, r.name, what), r.type, r.off, r.size, r.link, r.info));
        }
        return new ElfImage(bytes, sections);
    }

    /// <summary>The first section of <paramref name="type"/>, or null.</summary>
    public Section? FirstOfType(uint type) => Sections.FirstOrDefault(s => s.Type == type);

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in string-table section <paramref name="table"/>.</summary>
    public string StringAt(Section table, uint offset) => CString(Bytes, table.Offset, table.Size, offset, "string table " + table.Name);

    static string CString(byte[] bytes, long tableOff, long tableSize, uint offset, string what)
    {
        if (offset >= tableSize) throw new InvalidDataException($"{what}: string offset {offset} past the table's {tableSize} bytes.");
        int start = checked((int)(tableOff + offset)), end = start, limit = checked((int)(tableOff + tableSize));
        while (end < limit && bytes[end] != 0) end++;
        return Encoding.ASCII.GetString(bytes, start, end - start);
    }

    internal static ushort U16(byte[] b, long at) => BinaryPrimitives.ReadUInt16LittleEndian(b.AsSpan(checked((int)at), 2));
    internal static uint U32(byte[] b, long at) => BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(checked((int)at), 4));
    internal static ulong U64(byte[] b, long at) => BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(checked((int)at), 8));
}
