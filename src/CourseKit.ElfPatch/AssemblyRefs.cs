using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace CourseKit.ElfPatch;

/// <summary>
/// Raises the versions of a managed assembly's references to framework assemblies (<c>System.*</c>) to the running
/// framework's. TorchSharp 0.107.0 is built for .NET 8, so it references System.Runtime.Numerics 8.0.0.0; the .NET
/// Interactive kernel compiles each cell against .NET 10's 10.0.0.0 and shows warning CS1701 ("Assuming assembly
/// reference ... matches identity ...") under every cell whose overloads mention a System.Numerics type, which is most
/// tensor code. With the references raised there is nothing to unify and no warning; at run time .NET binds the same
/// assemblies either way (it always loads the framework's own). Only the copy the notebooks load is changed.
/// </summary>
public static class AssemblyRefs
{
    /// <summary>
    /// Writes <paramref name="source"/> to <paramref name="target"/> with each <c>System.*</c> reference whose major
    /// version is below <paramref name="major"/> raised to <paramref name="major"/>.0.0.0. The four version numbers of a
    /// reference are its row's first eight bytes; nothing else changes. The target is replaced atomically, and left alone
    /// when it already holds those bytes. Returns the names of the references raised.
    /// </summary>
    /// <exception cref="InvalidDataException">The source is not a managed assembly.</exception>
    public static IReadOnlyList<string> RaiseFrameworkReferences(string source, string target, ushort major)
    {
        var bytes = File.ReadAllBytes(source);
        var raised = new List<string>();
        using (var pe = new PEReader(new MemoryStream(bytes)))
        {
            if (!pe.HasMetadata) throw new InvalidDataException($"{source} is not a managed assembly (no metadata).");
            var md = pe.GetMetadataReader();
            int table = pe.PEHeaders.MetadataStartOffset + md.GetTableMetadataOffset(TableIndex.AssemblyRef);
            int rowSize = md.GetTableRowSize(TableIndex.AssemblyRef);
            foreach (var handle in md.AssemblyReferences)
            {
                var reference = md.GetAssemblyReference(handle);
                string name = md.GetString(reference.Name);
                if (!name.StartsWith("System.", StringComparison.Ordinal) || reference.Version.Major >= major) continue;
                int row = table + (MetadataTokens.GetRowNumber(handle) - 1) * rowSize;
                if (BitConverter.ToUInt16(bytes, row) != reference.Version.Major)
                    throw new InvalidDataException($"{source}: the AssemblyRef row of {name} is not where its metadata says.");
                BitConverter.TryWriteBytes(bytes.AsSpan(row, 2), major);
                bytes.AsSpan(row + 2, 6).Clear();  // minor, build and revision: 0
                raised.Add(name);
            }
        }
        if (File.Exists(target) && File.ReadAllBytes(target).AsSpan().SequenceEqual(bytes)) return raised;
        string temp = target + ".retarget-" + Environment.ProcessId + ".tmp";
        try
        {
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
        return raised;
    }
}
