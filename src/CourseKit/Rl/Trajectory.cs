using CourseKit.Display;

namespace CourseKit.Rl;

/// <summary>
/// One recorded episode (or part of one), step by step: what was seen, done and received. Arrays are
/// aligned: step t went from <c>Observations[t]</c> with <c>Actions[t]</c> to <c>NextObservations[t]</c>.
/// </summary>
/// <param name="Observations">Observation before each step.</param>
/// <param name="Actions">Action taken at each step.</param>
/// <param name="Rewards">Reward of each step.</param>
/// <param name="NextObservations">Observation after each step.</param>
/// <param name="Terminals">True on a step that terminated the task. A rollout also stops on truncation, but truncation is not stored as terminal.</param>
/// <param name="Truncated">True when the rollout ended because of a time limit or the maximum length rather than a terminal state.</param>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed record Trajectory<TObs, TAct>(
    TObs[] Observations,
    TAct[] Actions,
    double[] Rewards,
    TObs[] NextObservations,
    bool[] Terminals,
    bool Truncated) : IHtmlDisplayable
{
    /// <summary>Length, return, how it ended, and the first steps as a table.</summary>
    public string ToHtml()
    {
        var sb = new System.Text.StringBuilder($"<div><b>Trajectory</b>: {Length} steps, return {Html.Num(Return, "G6")}, {(Truncated ? "truncated" : Terminals.LastOrDefault() ? "terminated" : "open")}</div>");
        sb.Append("<table class=\"coursekit-trajectory\"><tr><th>t</th><th>observation</th><th>action</th><th>reward</th><th>terminal</th></tr>");
        for (int t = 0; t < Math.Min(Length, 8); t++)
            sb.Append($"<tr><td>{t}</td><td>{Html.Escape(Show(Observations[t]))}</td><td>{Html.Escape(Show(Actions[t]))}</td><td>{Html.Num(Rewards[t], "G6")}</td><td>{Terminals[t]}</td></tr>");
        if (Length > 8) sb.Append($"<tr><td colspan=\"5\">… {Length - 8} more steps</td></tr>");
        return sb.Append("</table>").ToString();
    }

    private static string Show(object? value) => value switch
    {
        float[] a => "[" + string.Join(", ", a.Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))) + "]",
        null => "null",
        _ => value.ToString() ?? "",
    };

    /// <summary>Number of steps.</summary>
    public int Length => Rewards.Length;

    /// <summary>Sum of rewards (undiscounted return).</summary>
    public double Return => Rewards.Sum();

    /// <inheritdoc />
    public override string ToString() => $"Trajectory(length={Length}, return={Return:G6}, {(Truncated ? "truncated" : Terminals.LastOrDefault() ? "terminated" : "open")})";
}
