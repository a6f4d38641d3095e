using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.CodeAnalysis.CSharp.Scripting;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// What the C# kernel gives every submission: C# 14, its default imports, the whole shared
/// framework, and the <c>Microsoft.DotNet.Interactive.Kernel</c> helpers. The grader compiles
/// exercises against the same set so that a cell means the same thing everywhere.
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

    /// <summary>The first submission of every session, as the kernel submits it.</summary>
    public const string KernelPrelude = "using static Microsoft.DotNet.Interactive.Kernel;";

    static readonly Lazy<ImmutableArray<MetadataReference>> s_framework = new(LoadFramework);

    /// <summary>Metadata references to every assembly of the running shared framework.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => s_framework.Value;

    /// <summary>Script options for a session whose <c>#r</c> paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static ScriptOptions CreateOptions(string baseDirectory) =>
        ScriptOptions.Default
            .WithLanguageVersion(Language)
            .WithImports(DefaultImports)
            .WithReferences(FrameworkReferences)
            .AddReferences(MetadataReference.CreateFromFile(typeof(Microsoft.DotNet.Interactive.Kernel).Assembly.Location))
            .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(baseDirectory).WithSearchPaths(baseDirectory))
            .WithSourceResolver(new SourceFileResolver([], baseDirectory))
            .WithEmitDebugInformation(true)
            .WithFileEncoding(System.Text.Encoding.UTF8);

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
