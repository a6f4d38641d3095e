using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// The kernel directives a cell may contain, handled before Roslyn sees the code. Handled lines
/// are blanked (not removed) so compile errors keep the cell's own line numbers.
/// <list type="bullet">
/// <item><c>#r "path.dll"</c>: left to Roslyn, which resolves it against the notebook's folder.</item>
/// <item><c>#r "nuget:CourseKit[, version]"</c>: the project's own package, mapped to the local
/// build (<c>artifacts/lib/CourseKit.dll</c>); any other package is a clear error.</item>
/// <item><c>#i "nuget:source"</c>: a package source; ignored (nothing is downloaded headless).</item>
/// <item><c>#!csharp</c>, <c>#!c#</c>: the C# kernel selector; ignored.</item>
/// <item><c>#!time</c>: reports the cell's wall time on stdout, as the kernel does.</item>
/// <item>any other <c>#!</c> magic (another language, <c>#!set</c>, <c>#!share</c>...): an error
/// naming the line, since running it differently from the kernel would hide a problem.</item>
/// </list>
/// </summary>
internal sealed partial class Directives
{
    static readonly HashSet<string> s_csharpSelectors = new(StringComparer.OrdinalIgnoreCase) { "csharp", "c#" };
    static readonly HashSet<string> s_otherKernels = new(StringComparer.OrdinalIgnoreCase)
    {
        "fsharp", "f#", "pwsh", "powershell", "javascript", "js", "html", "markdown", "md", "mermaid",
        "sql", "kql", "value", "http", "python", "r",
    };

    public required string Code { get; init; }
    public bool Time { get; init; }
    public string? Error { get; init; }

    /// <param name="cellText">The cell as written.</param>
    /// <param name="projectPackages">Package id to local DLL path for packages this project builds.</param>
    public static Directives Process(string cellText, IReadOnlyDictionary<string, string> projectPackages)
    {
        var lines = cellText.Split('\n');
        bool time = false;
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].TrimEnd('\r');
            string trimmed = line.Trim();
            string where = $"line {i + 1}";
            if (trimmed.StartsWith("#!", StringComparison.Ordinal))
            {
                string magic = trimmed[2..].Split(' ', 2)[0];
                if (s_csharpSelectors.Contains(magic)) lines[i] = "";
                else if (magic == "time") { time = true; lines[i] = ""; }
                else if (s_otherKernels.Contains(magic))
                    return Fail(cellText, $"{where}: '#!{magic}' switches to another kernel; the headless runner runs C# cells only.");
                else
                    return Fail(cellText, $"{where}: the magic command '#!{magic}' is not supported by the headless runner (supported: #!csharp, #!time).");
                continue;
            }
            if (trimmed.StartsWith("#i ", StringComparison.Ordinal)) { lines[i] = ""; continue; }
            var nuget = NugetReference().Match(trimmed);
            if (!nuget.Success) continue;
            string package = nuget.Groups["id"].Value.Trim();
            if (projectPackages.TryGetValue(package, out var dll))
            {
                if (!File.Exists(dll))
                    return Fail(cellText, $"{where}: '{package}' maps to the local build {dll}, which does not exist. Run 'dotnet build' in the repository root first.");
                lines[i] = $"#r \"{dll}\"";
            }
            else
            {
                return Fail(cellText,
                    $"{where}: the package '{package}' cannot be loaded: the headless runner does not download NuGet packages. " +
                    $"Packages it provides: {string.Join(", ", projectPackages.Keys)}; for anything else reference a built DLL with #r \"path.dll\".");
            }
        }
        // Lines were split on '\n' only, so '\r' endings stay and joining restores the text exactly.
        return new Directives { Code = string.Join('\n', lines), Time = time };
    }

    static Directives Fail(string code, string message) => new() { Code = code, Error = message };

    [GeneratedRegex("""^#r\s+"nuget:\s*(?<id>[^,"]+)(,[^"]*)?"\s*$""")]
    private static partial Regex NugetReference();
}
