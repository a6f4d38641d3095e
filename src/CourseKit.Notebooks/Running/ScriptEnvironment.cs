using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// What the C# kernel gives every submission: C# 14, its default imports and the whole shared
/// framework. The grader compiles each exercise cell on its own against the same set, so that a
/// cell means the same thing in the grader as in the kernel.
/// </summary>
public static class ScriptEnvironment
{
    /// <summary>The language version the kernel compiles with.</summary>
    public const LanguageVersion Language = LanguageVersion.CSharp14;

    /// <summary>The namespaces the C# kernel imports into every submission.</summary>
    public static ImmutableArray<string> DefaultImports { get; } =
    [
        "System", "System.Text", "System.Collections", "System.Collections.Generic",
        "System.Threading.Tasks", "System.Linq",
    ];

    static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);

    /// <summary>Metadata references to every assembly of the running shared framework.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => s_framework.Value;

    /// <summary>"(line,column): error CSxxxx: message" with the cell's own 1-based line numbers, as the kernel prints diagnostics.</summary>
    public static string FormatDiagnostic(Diagnostic d)
    {
        var span = d.Location.GetLineSpan();
        var start = span.StartLinePosition;
        string severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"({start.Line + 1},{start.Character + 1}): {severity} {d.Id}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    static ImmutableArray<MetadataReference> LoadFramework()
    {
        string dir = RuntimeEnvironment.GetRuntimeDirectory();
        return Directory.EnumerateFiles(dir, "*.dll")
            .Where(IsManagedAssembly)
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToImmutableArray();
    }

    static bool IsManagedAssembly(string path)
    {
        string name = Path.GetFileName(path);
        // Native helpers ship beside the managed assemblies in the framework folder.
        if (name.StartsWith("libSystem", StringComparison.Ordinal) || name.StartsWith("Microsoft.DiaSymReader", StringComparison.Ordinal)
            || name.StartsWith("mscordaccore", StringComparison.Ordinal) || name.StartsWith("mscordbi", StringComparison.Ordinal))
            return false;
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
