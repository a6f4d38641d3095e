using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Grading;

/// <summary>The compiled form of one exercise cell, or why it did not compile.</summary>
/// <param name="AssemblyPath">The emitted DLL (null when compilation failed).</param>
/// <param name="Errors">Compile errors as "(line,column): error CSxxxx: message", lines counted in the cell.</param>
public sealed record CompiledExercise(string? AssemblyPath, IReadOnlyList<string> Errors)
{
    /// <summary>The name of the script class Roslyn puts a script's members in.</summary>
    public const string ScriptClassName = "Script";

    /// <summary>True when the cell compiled.</summary>
    public bool Succeeded => AssemblyPath is not null;
}

/// <summary>
/// Compiles one exercise cell on its own, exactly as the kernel would see it (a C# 14 script
/// with the kernel's imports) but with nothing from earlier cells: only the framework and
/// CourseKit are referenced. Kernel directive lines are blanked so line numbers stay the cell's.
/// </summary>
public sealed class ExerciseCompiler(string courseKitDll)
{
    readonly Lazy<ImmutableArray<MetadataReference>> _references = new(() =>
        ScriptEnvironment.FrameworkReferences.Add(MetadataReference.CreateFromFile(courseKitDll)));

    /// <summary>Compiles <paramref name="code"/> into <paramref name="outputPath"/>.</summary>
    public CompiledExercise Compile(string code, string assemblyName, string outputPath)
    {
        var tree = CSharpSyntaxTree.ParseText(BlankDirectives(code), ExerciseShape.ScriptParseOptions, path: "cell", encoding: System.Text.Encoding.UTF8);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            scriptClassName: CompiledExercise.ScriptClassName,
            usings: ScriptEnvironment.DefaultImports,
            optimizationLevel: OptimizationLevel.Debug,
            allowUnsafe: false,
            nullableContextOptions: NullableContextOptions.Disable);
        var compilation = CSharpCompilation.CreateScriptCompilation(assemblyName, tree, _references.Value, options);
        using var peStream = new MemoryStream();
        var result = compilation.Emit(peStream);
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)
            .OrderBy(d => d.Location.SourceSpan.Start)
            .Select(ScriptEnvironment.FormatDiagnostic)
            .ToList();
        if (!result.Success) return new CompiledExercise(null, errors);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllBytes(outputPath, peStream.ToArray());
        return new CompiledExercise(outputPath, []);
    }

    /// <summary>
    /// The exercise compiles on its own, so <c>#r</c>/<c>#!</c> lines (CourseKit is referenced
    /// anyway) are replaced by empty lines rather than removed.
    /// </summary>
    internal static string BlankDirectives(string code) =>
        string.Join('\n', code.Split('\n').Select(line =>
        {
            string t = line.TrimStart();
            return t.StartsWith("#r ", StringComparison.Ordinal) || t.StartsWith("#!", StringComparison.Ordinal) || t.StartsWith("#i ", StringComparison.Ordinal)
                ? "" : line;
        }));
}
