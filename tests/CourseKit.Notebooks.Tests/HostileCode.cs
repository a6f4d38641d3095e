using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using CourseKit.Notebooks.Exercises;
using CourseKit.Notebooks.Grading;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Hostile submissions of the sample course's <c>basics.discounted_returns</c>. They are compiled
/// by <see cref="Compile"/>, which refuses nothing, so that what the grader's compile-time
/// refusals would stop reaches the OS sandbox: these tests prove the sandbox, not the refusals.
/// </summary>
internal static class HostileCode
{
    const string Head = "// EXERCISE basics.discounted_returns (2 points)\nstatic double[] DiscountedReturns(double[] rewards, double gamma)\n{\n";
    const string CorrectBody = "    var g = new double[rewards.Length]; double acc = 0;\n" +
                               "    for (int t = rewards.Length - 1; t >= 0; t--) { acc = rewards[t] + gamma * acc; g[t] = acc; }\n" +
                               "    return g;\n}";

    /// <summary>A cell that does <paramref name="attack"/> first, then computes the right answer (so only the attack can cost points).</summary>
    public static string Cell(string attack) => Head + "    " + attack + "\n" + CorrectBody;

    /// <summary>A C# string literal.</summary>
    public static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The exercise compiled as the grader compiles it (a script with the kernel's imports, CourseKit referenced), minus any refusal.</summary>
    public static CompiledExercise Compile(string courseKitDll, string code, string assemblyName, string outputPath)
    {
        var tree = CSharpSyntaxTree.ParseText(code, ExerciseShape.ScriptParseOptions, path: "cell");
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, scriptClassName: CompiledExercise.ScriptClassName,
            usings: KernelCompileSettings.DefaultImports, nullableContextOptions: NullableContextOptions.Disable);
        var compilation = CSharpCompilation.CreateScriptCompilation(assemblyName, tree,
            KernelCompileSettings.FrameworkReferences.Add(MetadataReference.CreateFromFile(courseKitDll)), options);
        using var pe = new MemoryStream();
        var result = compilation.Emit(pe);
        if (!result.Success) return new CompiledExercise(null, result.Diagnostics.Select(d => d.ToString()).ToList());
        File.WriteAllBytes(outputPath, pe.ToArray());
        return new CompiledExercise(outputPath, []);
    }

    /// <summary>A copy of <paramref name="solved"/> whose discounted_returns cell is <paramref name="cell"/>.</summary>
    public static void WriteSubmission(string solved, string cell, string path)
    {
        var notebook = Notebook.Load(solved);
        var target = notebook.Cells.Single(c => c.Source.StartsWith("// EXERCISE basics.discounted_returns", StringComparison.Ordinal));
        target.Source = cell;
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        notebook.Save(path);
    }

    /// <summary>Pids of live processes whose command line holds <paramref name="marker"/> (Linux).</summary>
    public static List<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }

    /// <summary>A hash of every file under <paramref name="root"/> (names and contents), skipping build output.</summary>
    public static string TreeHash(string root, params string[] skipFolders)
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var skip = new HashSet<string>(skipFolders.Concat(["bin", "obj", ".git", "artifacts", "TestResults"]), StringComparer.Ordinal);
        foreach (var file in Files(root, skip).Order(StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(root, file) + "\n"));
            try { sha.AppendData(File.ReadAllBytes(file)); } catch (IOException) { sha.AppendData([0xFF]); }
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    static IEnumerable<string> Files(string dir, HashSet<string> skip)
    {
        foreach (var f in Directory.EnumerateFiles(dir)) yield return f;
        foreach (var d in Directory.EnumerateDirectories(dir).Where(d => !skip.Contains(Path.GetFileName(d))))
            foreach (var f in Files(d, skip)) yield return f;
    }
}
