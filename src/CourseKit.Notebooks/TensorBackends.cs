using System.Text.RegularExpressions;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks;

/// <summary>The tensor library a notebook, an exercise or the grader runs on.</summary>
public enum TensorBackend
{
    /// <summary>CourseKit's own engine (<c>CourseKit.Torch</c>): the default, no native dependency.</summary>
    CourseKit,

    /// <summary>TorchSharp 0.107.0 on LibTorch 2.10.0: CourseKit built with <c>-p:TensorBackend=TorchSharp</c>.</summary>
    TorchSharp,
}

/// <summary>
/// The two editions of the course's code. The notebooks, solutions and hidden checks are written for CourseKit's
/// engine; the TorchSharp edition differs only in the lines that name the tensor library (the <c>using</c> lines of
/// <c>CourseKit.Torch</c> and the setup cell's <c>#r</c> of the library and its comment), so it is derived line by
/// line and never stored. Rewriting works in both directions and leaves code already in the target edition as it is,
/// so the grader can take a submission of either edition.
/// </summary>
public static partial class TensorBackends
{
    /// <summary>The folder under <c>artifacts/</c> that holds a backend's build of the library the notebooks load.</summary>
    public static string LibFolderName(TensorBackend backend) => backend == TensorBackend.TorchSharp ? "lib-torchsharp" : "lib";

    /// <summary>The build command that writes a backend's library folder.</summary>
    public static string BuildCommand(TensorBackend backend) =>
        backend == TensorBackend.TorchSharp ? "dotnet build -p:TensorBackend=TorchSharp" : "dotnet build";

    /// <summary>The library a backend's notebooks load: <c>artifacts/lib[-torchsharp]/CourseKit.dll</c> under <paramref name="root"/>.</summary>
    public static string CourseKitDll(string root, TensorBackend backend) =>
        Path.Combine(root, "artifacts", LibFolderName(backend), "CourseKit.dll");

    /// <summary>
    /// The assemblies code of an edition is compiled against besides the framework: CourseKit.dll, and for the
    /// TorchSharp build TorchSharp.dll beside it. The backend is read from the folder, so a grader pointed at either
    /// library folder references what that build needs.
    /// </summary>
    public static IReadOnlyList<string> CompileReferences(string courseKitDll)
    {
        string torchSharp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(courseKitDll))!, "TorchSharp.dll");
        return File.Exists(torchSharp) ? [courseKitDll, torchSharp] : [courseKitDll];
    }

    /// <summary>The backend a built library folder holds (TorchSharp when TorchSharp.dll sits beside CourseKit.dll).</summary>
    public static TensorBackend BackendOf(string courseKitDll) =>
        CompileReferences(courseKitDll).Count > 1 ? TensorBackend.TorchSharp : TensorBackend.CourseKit;

    /// <summary>Parses a <c>--backend</c> value: <c>coursekit</c> or <c>torchsharp</c>, any case.</summary>
    /// <exception cref="ArgumentException">Any other value, with the two allowed ones.</exception>
    public static TensorBackend Parse(string value) => value.Trim().ToLowerInvariant() switch
    {
        "coursekit" => TensorBackend.CourseKit,
        "torchsharp" => TensorBackend.TorchSharp,
        _ => throw new ArgumentException($"'{value}' is not a tensor backend: use coursekit (CourseKit's own engine, the default) or torchsharp."),
    };

    // The using lines of each edition that name the tensor library, as pairs (CourseKit edition, TorchSharp edition).
    // A line matches with any indentation and spacing, and keeps its indentation and any trailing comment.
    static readonly (string CourseKit, string TorchSharp)[] s_usingTexts =
    [
        ("using static CourseKit.Torch.torch.nn;", "using static TorchSharp.torch.nn;"),
        ("using static CourseKit.Torch.torch;", "using static TorchSharp.torch;"),
        ("using CourseKit.Torch.Modules;", "using TorchSharp.Modules;"),
        ("using CourseKit.Torch;", "using TorchSharp;"),
    ];

    static readonly (Regex CourseKit, string CourseKitText, Regex TorchSharp, string TorchSharpText)[] s_usingPairs =
        s_usingTexts.Select(t => (UsingLine(t.CourseKit), t.CourseKit, UsingLine(t.TorchSharp), t.TorchSharp)).ToArray();

    /// <summary>A regex for <paramref name="text"/> (a using directive) as a whole line: indentation, spaces between words, a trailing rest.</summary>
    static Regex UsingLine(string text) =>
        new("^(?<indent>\\s*)" + string.Join("\\s+", text.TrimEnd(';').Split(' ').Select(Regex.Escape)) + "\\s*;(?<rest>.*)$", RegexOptions.CultureInvariant);

    const string SetupCommentCourseKit1 = "// Setup: run this cell first. It loads CourseKit from artifacts/lib, which `dotnet build` in the repository root";
    const string SetupCommentCourseKit2 = "// writes. If #r fails with \"could not be found\" (error CS0006), run `dotnet build` there once, then run this cell again.";
    const string SetupCommentTorchSharp1 = "// Setup: run this cell first. It loads CourseKit built on TorchSharp from artifacts/lib-torchsharp, which";
    const string SetupCommentTorchSharp2 = "// `dotnet build -p:TensorBackend=TorchSharp` in the repository root writes. If #r fails with \"could not be found\"";
    const string SetupCommentTorchSharp3 = "// (error CS0006), run that command there once, then run this cell again.";

    /// <summary>
    /// <paramref name="code"/> in <paramref name="target"/>'s edition: the <c>using</c> lines of the tensor library,
    /// the setup cell's <c>#r</c> of <c>artifacts/lib/CourseKit.dll</c> (the TorchSharp edition references
    /// TorchSharp.dll and CourseKit.dll from <c>artifacts/lib-torchsharp/</c>) and the setup comment. Every other
    /// line, and the line endings, stay as they are.
    /// </summary>
    public static string RewriteCode(string code, TensorBackend target)
    {
        string newLine = code.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var lines = code.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var output = new List<string>(lines.Count + 2);
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (target == TensorBackend.TorchSharp)
            {
                if (line == SetupCommentCourseKit1 && i + 1 < lines.Count && lines[i + 1] == SetupCommentCourseKit2)
                {
                    output.AddRange([SetupCommentTorchSharp1, SetupCommentTorchSharp2, SetupCommentTorchSharp3]);
                    i++;
                    continue;
                }
                if (ReferenceCourseKitLib().Match(line) is { Success: true } r)
                {
                    string prefix = r.Groups["prefix"].Value;
                    output.Add($"#r \"{prefix}artifacts/lib-torchsharp/TorchSharp.dll\"");
                    output.Add($"#r \"{prefix}artifacts/lib-torchsharp/CourseKit.dll\"{r.Groups["rest"].Value}");
                    continue;
                }
                output.Add(ReplaceUsing(line, static p => (p.CourseKit, p.TorchSharpText)));
            }
            else
            {
                if (line == SetupCommentTorchSharp1 && i + 2 < lines.Count && lines[i + 1] == SetupCommentTorchSharp2 && lines[i + 2] == SetupCommentTorchSharp3)
                {
                    output.AddRange([SetupCommentCourseKit1, SetupCommentCourseKit2]);
                    i += 2;
                    continue;
                }
                if (ReferenceTorchSharpDll().IsMatch(line)) continue;
                if (ReferenceTorchSharpLib().Match(line) is { Success: true } r)
                {
                    output.Add($"#r \"{r.Groups["prefix"].Value}artifacts/lib/CourseKit.dll\"{r.Groups["rest"].Value}");
                    continue;
                }
                output.Add(ReplaceUsing(line, static p => (p.TorchSharp, p.CourseKitText)));
            }
        }
        return string.Join(newLine, output);
    }

    static string ReplaceUsing(string line, Func<(Regex CourseKit, string CourseKitText, Regex TorchSharp, string TorchSharpText), (Regex From, string To)> pick)
    {
        foreach (var pair in s_usingPairs)
        {
            var (from, to) = pick(pair);
            if (from.Match(line) is not { Success: true } m) continue;
            string head = m.Groups["indent"].Value + to, rest = m.Groups["rest"].Value;
            // A trailing comment keeps its column where the new line leaves room for it.
            return rest.TrimStart().Length == 0 ? head + rest
                : head.PadRight(Math.Max(m.Groups["rest"].Index + rest.Length - rest.TrimStart().Length, head.Length + 1)) + rest.TrimStart();
        }
        return line;
    }

    /// <summary>A copy of <paramref name="notebook"/> with every code cell in <paramref name="target"/>'s edition.</summary>
    public static Notebook Rewrite(Notebook notebook, TensorBackend target)
    {
        var copy = notebook.Clone();
        foreach (var cell in copy.Cells.Where(c => c.IsCode))
        {
            string rewritten = RewriteCode(cell.Source, target);
            if (rewritten != cell.Source) cell.Source = rewritten;
        }
        return copy;
    }

    /// <summary>
    /// The edition a notebook is written for, from the library its cells reference with <c>#r</c>
    /// (<c>artifacts/lib/</c> or <c>artifacts/lib-torchsharp/</c>); null when no cell references either.
    /// </summary>
    public static TensorBackend? EditionOf(Notebook notebook)
    {
        foreach (var cell in notebook.Cells.Where(c => c.IsCode))
            foreach (var line in cell.Source.Split('\n'))
            {
                if (ReferenceTorchSharpLib().IsMatch(line.TrimEnd('\r'))) return TensorBackend.TorchSharp;
                if (ReferenceCourseKitLib().IsMatch(line.TrimEnd('\r'))) return TensorBackend.CourseKit;
            }
        return null;
    }

    [GeneratedRegex("""^#r "(?<prefix>[^"]*?)artifacts/lib/CourseKit\.dll"(?<rest>.*)$""")]
    private static partial Regex ReferenceCourseKitLib();

    [GeneratedRegex("""^#r "(?<prefix>[^"]*?)artifacts/lib-torchsharp/CourseKit\.dll"(?<rest>.*)$""")]
    private static partial Regex ReferenceTorchSharpLib();

    [GeneratedRegex("""^#r "[^"]*?artifacts/lib-torchsharp/TorchSharp\.dll"\s*$""")]
    private static partial Regex ReferenceTorchSharpDll();
}
