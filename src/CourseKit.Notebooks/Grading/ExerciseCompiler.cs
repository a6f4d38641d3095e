using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace CourseKit.Notebooks.Grading;

/// <summary>The compiled form of one exercise cell, or why it was not compiled.</summary>
/// <param name="AssemblyPath">The emitted DLL (null when compilation failed or the cell was refused).</param>
/// <param name="Errors">Compile errors as "(line,column): error CSxxxx: message", lines counted in the cell.</param>
public sealed record CompiledExercise(string? AssemblyPath, IReadOnlyList<string> Errors)
{
    /// <summary>The name of the script class Roslyn puts a script's members in.</summary>
    public const string ScriptClassName = "Script";

    /// <summary>The source file name the cell is compiled under: its stack frames read "in cell:line N".</summary>
    public const string CellFileName = "cell";

    /// <summary>The cell's compiler warnings, as the kernel shows them, in the same format as <see cref="Errors"/>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Uses of APIs the cell may not use; when any, nothing was emitted.</summary>
    public IReadOnlyList<Refusal> Refusals { get; init; } = [];

    /// <summary>True when the cell compiled and nothing in it was refused.</summary>
    public bool Succeeded => AssemblyPath is not null;
}

/// <summary>
/// Compiles one exercise cell on its own, as the kernel would see it (<see cref="KernelCompileSettings"/>)
/// but with nothing from earlier cells: only the framework and CourseKit (with TorchSharp for its TorchSharp build) are referenced. Kernel directive
/// lines are blanked so line numbers stay the cell's. A cell that compiles is then inspected for APIs it
/// may not use (<see cref="CellApiInspector"/>) before anything is emitted.
/// </summary>
public sealed class ExerciseCompiler(string courseKitDll)
{
    readonly Lazy<ImmutableArray<MetadataReference>> _references = new(() =>
        KernelCompileSettings.FrameworkReferences.AddRange(TensorBackends.CompileReferences(courseKitDll).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))));

    /// <summary>A compilation of <paramref name="code"/> as the grader compiles a cell (nothing emitted).</summary>
    public CSharpCompilation CreateCompilation(string code, string assemblyName)
    {
        var tree = CSharpSyntaxTree.ParseText(BlankDirectives(code), KernelCompileSettings.ScriptParseOptions, path: CompiledExercise.CellFileName, encoding: System.Text.Encoding.UTF8);
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            scriptClassName: CompiledExercise.ScriptClassName,
            usings: KernelCompileSettings.DefaultImports,
            optimizationLevel: OptimizationLevel.Debug,
            allowUnsafe: false,
            warningLevel: KernelCompileSettings.WarningLevel,
            specificDiagnosticOptions: KernelCompileSettings.SuppressedWarnings,
            nullableContextOptions: KernelCompileSettings.Nullable);
        return CSharpCompilation.CreateScriptCompilation(assemblyName, tree, _references.Value, options);
    }

    /// <summary>Compiles <paramref name="code"/> into <paramref name="outputPath"/> unless it fails to compile or uses an API one of <paramref name="rules"/> refuses.</summary>
    public CompiledExercise Compile(string code, string assemblyName, string outputPath, IReadOnlyList<ApiRule> rules)
    {
        var compilation = CreateCompilation(code, assemblyName);
        var diagnostics = compilation.GetDiagnostics().Where(d => !d.IsSuppressed).OrderBy(d => d.Location.SourceSpan.Start).ToList();
        var warnings = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(KernelCompileSettings.FormatDiagnostic).ToList();
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(KernelCompileSettings.FormatDiagnostic).ToList();
        if (errors.Count > 0) return new CompiledExercise(null, errors) { Warnings = warnings };

        var refusals = CellApiInspector.Inspect(compilation, compilation.SyntaxTrees[0], rules);
        if (refusals.Count > 0) return new CompiledExercise(null, []) { Warnings = warnings, Refusals = refusals };

        // The PDB goes inside the DLL, so a student's stack frames carry their cell's line numbers.
        using var peStream = new MemoryStream();
        var result = compilation.Emit(peStream, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded));
        if (!result.Success)
            return new CompiledExercise(null, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(KernelCompileSettings.FormatDiagnostic).ToList())
                { Warnings = warnings };
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputPath))!);
        File.WriteAllBytes(outputPath, peStream.ToArray());
        return new CompiledExercise(outputPath, []) { Warnings = warnings };
    }

    /// <summary>
    /// The exercise compiles on its own, so <c>#r</c>/<c>#!</c>/<c>#i</c>/<c>#load</c> lines (CourseKit is
    /// referenced anyway) are replaced by empty lines rather than removed.
    /// </summary>
    internal static string BlankDirectives(string code) =>
        string.Join('\n', code.Split('\n').Select(line =>
        {
            string t = line.TrimStart();
            return t.StartsWith("#r ", StringComparison.Ordinal) || t.StartsWith("#!", StringComparison.Ordinal)
                   || t.StartsWith("#i ", StringComparison.Ordinal) || t.StartsWith("#load ", StringComparison.Ordinal)
                ? "" : line;
        }));
}
