using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// The runner's own advice for a student whose cell failed because CourseKit was never loaded
/// (a cell run before the setup cell). It goes to the console, never into the saved notebook: the
/// notebook must hold what the frontend would have saved.
/// </summary>
public static partial class SetupHint
{
    /// <summary>The advice.</summary>
    public const string Text =
        "Hint: CourseKit is not loaded in this kernel yet. Run the notebook's setup cell (its first code cell, with #r \"../artifacts/lib/CourseKit.dll\") first, then this cell again.";

    /// <summary>
    /// The hint when <paramref name="failed"/> reports an unknown type, namespace or name and no
    /// earlier cell that succeeded referenced CourseKit; otherwise null.
    /// </summary>
    /// <param name="failed">The failing cell's result.</param>
    /// <param name="earlierSucceededSources">The sources of the cells that ran without error before it.</param>
    public static string? For(CellResult failed, IEnumerable<string> earlierSucceededSources)
    {
        if (failed.Succeeded) return null;
        bool missingName = failed.Outputs.Any(o => o switch
        {
            StreamOutput { Name: "stderr" } s => MissingName().IsMatch(s.Text),
            ErrorOutput e => MissingName().IsMatch(e.EValue),
            _ => false,
        });
        if (!missingName) return null;
        var earlier = earlierSucceededSources.ToList();
        if (!earlier.Any(s => CourseKitReference().IsMatch(s))) return Text;
        // The setup cell loaded one backend's library and this cell names the other's namespaces.
        string errors = string.Join("\n", failed.Outputs.Select(o => o switch { StreamOutput { Name: "stderr" } s => s.Text, ErrorOutput e => e.EValue, _ => "" }));
        bool loadedTorchSharp = earlier.Any(s => s.Contains("artifacts/lib-torchsharp/", StringComparison.Ordinal));
        if (loadedTorchSharp && errors.Contains("'Torch' does not exist in the namespace 'CourseKit'", StringComparison.Ordinal))
            return EngineCellOnTorchSharp;
        if (!loadedTorchSharp && errors.Contains("'TorchSharp' could not be found", StringComparison.Ordinal))
            return TorchSharpCellOnEngine;
        return null;
    }

    /// <summary>A cell of the CourseKit edition run where the setup cell loaded the TorchSharp build.</summary>
    public const string EngineCellOnTorchSharp =
        "Hint: this cell names CourseKit's engine (using CourseKit.Torch), but the setup cell loaded CourseKit's TorchSharp build " +
        "(artifacts/lib-torchsharp). In the TorchSharp edition write `using TorchSharp;` and `using static TorchSharp.torch;` instead, " +
        "or run the notebook on its own backend (`coursekit run <notebook> --backend coursekit`).";

    /// <summary>A cell of the TorchSharp edition run where the setup cell loaded CourseKit's engine.</summary>
    public const string TorchSharpCellOnEngine =
        "Hint: this cell names TorchSharp, but the setup cell loaded CourseKit's engine (artifacts/lib). Write `using CourseKit.Torch;` " +
        "and `using static CourseKit.Torch.torch;` instead, or run it on TorchSharp: `coursekit run <notebook> --backend torchsharp` " +
        "(build that backend first with `dotnet build -p:TensorBackend=TorchSharp`).";

    // Unknown type or namespace (CS0246), name (CS0103), or namespace member (CS0234).
    [GeneratedRegex(@"error CS0(246|103|234):")]
    private static partial Regex MissingName();

    [GeneratedRegex(@"^\s*#r\s+""[^""]*CourseKit", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CourseKitReference();
}
