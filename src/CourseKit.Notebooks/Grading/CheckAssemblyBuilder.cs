using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Hidden checks are plain C# files (no test framework, only CourseKit.Checks) kept in the
/// tests. The grader compiles them into one assembly the worker loads; the result is cached by
/// the hash of the sources and of CourseKit.dll, so repeated grading pays nothing.
/// </summary>
public static class CheckAssemblyBuilder
{
    /// <summary>Compiles every <c>.cs</c> file under <paramref name="directories"/>; returns the DLL path, or null when there are none.</summary>
    /// <exception cref="InvalidOperationException">The check sources do not compile (a course bug; the message lists the errors).</exception>
    public static string? Build(IEnumerable<string> directories, string courseKitDll, string? cacheDirectory = null)
    {
        var files = directories.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.cs", SearchOption.AllDirectories))
            .Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0) return null;
        if (!File.Exists(courseKitDll))
            throw new InvalidOperationException($"CourseKit is not built: {courseKitDll} is missing. Run 'dotnet build' first.");

        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var f in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(f));
            sha.AppendData(File.ReadAllBytes(f));
        }
        sha.AppendData(File.ReadAllBytes(courseKitDll));
        string hash = Convert.ToHexString(sha.GetHashAndReset())[..16].ToLowerInvariant();
        string name = $"CourseKit.HiddenChecks.{hash}";
        cacheDirectory ??= Path.Combine(Path.GetTempPath(), "coursekit-checks");
        string output = Path.Combine(cacheDirectory, name + ".dll");
        if (File.Exists(output)) return output;

        var parse = new CSharpParseOptions(KernelCompileSettings.Language);
        // The implicit usings of an SDK project, so check files read like the tests around them.
        var implicitUsings = CSharpSyntaxTree.ParseText(
            "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
            "global using System.Threading; global using System.Threading.Tasks;", parse);
        // The checks are written for CourseKit's engine; against the TorchSharp build their using lines name TorchSharp.
        var backend = TensorBackends.BackendOf(courseKitDll);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(TensorBackends.RewriteCode(File.ReadAllText(f), backend), parse, f, Encoding.UTF8)).Append(implicitUsings);
        var references = KernelCompileSettings.FrameworkReferences.AddRange(
            TensorBackends.CompileReferences(courseKitDll).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            nullableContextOptions: NullableContextOptions.Enable);
        var compilation = CSharpCompilation.Create(name, trees, references, options);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString());
            throw new InvalidOperationException("The hidden checks do not compile:\n" + string.Join("\n", errors));
        }
        AtomicFile.WriteAllBytes(output, pe.ToArray());
        return output;
    }
}
