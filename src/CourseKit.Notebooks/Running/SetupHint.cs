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
        return earlierSucceededSources.Any(s => CourseKitReference().IsMatch(s)) ? null : Text;
    }

    // Unknown type or namespace (CS0246), name (CS0103), or namespace member (CS0234).
    [GeneratedRegex(@"error CS0(246|103|234):")]
    private static partial Regex MissingName();

    [GeneratedRegex(@"^\s*#r\s+""[^""]*CourseKit", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex CourseKitReference();
}
