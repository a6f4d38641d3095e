using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// How the .NET Interactive C# kernel (dotnet-interactive 1.0.712001, the one students run) compiles
/// a submission, so that the grader compiles an exercise cell to the same meaning and the same
/// warnings: a script at the kernel's <c>LanguageVersion.Latest</c> (C# 14 for its Roslyn 5.0), its
/// six default imports, no nullable context (the kernel sets none, which is why <c>string?</c> gives
/// CS8632 there), warning level 4 (Roslyn scripting's default), and the whole shared framework.
/// The grader owns these settings: the cell is graded on its own, never in a kernel.
/// </summary>
public static class KernelCompileSettings
{
    /// <summary>The kernel's language version.</summary>
    public const LanguageVersion Language = LanguageVersion.CSharp14;

    /// <summary>The kernel's nullable context: none.</summary>
    public const NullableContextOptions Nullable = NullableContextOptions.Disable;

    /// <summary>Roslyn scripting's warning level, which the kernel keeps.</summary>
    public const int WarningLevel = 4;

    /// <summary>The namespaces the C# kernel imports into every submission.</summary>
    public static ImmutableArray<string> DefaultImports { get; } =
    [
        "System", "System.Text", "System.Collections", "System.Collections.Generic",
        "System.Threading.Tasks", "System.Linq",
    ];

    /// <summary>
    /// Warnings about how references unify (CS1701/CS1702: an assembly built against a newer framework
    /// patch) describe the grader's reference set, not the student's code, so the student never sees them.
    /// </summary>
    public static ImmutableDictionary<string, ReportDiagnostic> SuppressedWarnings { get; } =
        ImmutableDictionary<string, ReportDiagnostic>.Empty
            .Add("CS1701", ReportDiagnostic.Suppress)
            .Add("CS1702", ReportDiagnostic.Suppress);

    /// <summary>Parse options of a notebook cell: a script in the kernel's language version.</summary>
    public static CSharpParseOptions ScriptParseOptions { get; } = new(Language, kind: SourceCodeKind.Script);

    static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);

    /// <summary>Metadata references to every assembly of the running shared framework, as the kernel has.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => s_framework.Value;

    /// <summary>"(line,column): error CSxxxx: message" with the cell's own 1-based line numbers.</summary>
    public static string FormatDiagnostic(Diagnostic d)
    {
        var start = d.Location.GetLineSpan().StartLinePosition;
        string severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        return $"({start.Line + 1},{start.Character + 1}): {severity} {d.Id}: {d.GetMessage(CultureInfo.InvariantCulture)}";
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
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false; // native helpers ship beside the managed assemblies in the framework folder
        }
    }
}
