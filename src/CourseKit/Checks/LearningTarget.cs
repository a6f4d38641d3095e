using System.Globalization;

namespace CourseKit.Checks;

/// <summary>
/// The last check of every notebook: did the agent learn? Prints exactly one line
/// <c>LEARNING TARGET: &lt;metric&gt; = &lt;value&gt; (target &lt;op&gt; &lt;threshold&gt;) PASS</c> (or FAIL) and, on FAIL,
/// throws so that a headless run of the notebook fails as well.
/// </summary>
public static class LearningTarget
{
    /// <summary>Reports whether <paramref name="value"/> meets the target; throws <see cref="LearningTargetMissedException"/> if not.</summary>
    /// <param name="metric">What was measured, e.g. "mean greedy return over 20 episodes".</param>
    /// <param name="value">The measured value.</param>
    /// <param name="op">One of "&gt;=", "&gt;", "&lt;=", "&lt;".</param>
    /// <param name="threshold">The target.</param>
    /// <param name="hint">What to look at when the target is missed.</param>
    public static bool Check(string metric, double value, string op, double threshold, string? hint = null)
    {
        bool pass = op switch
        {
            ">=" => value >= threshold,
            ">" => value > threshold,
            "<=" => value <= threshold,
            "<" => value < threshold,
            _ => throw new ArgumentException($"LearningTarget.Check: unknown comparison '{op}'; use >=, >, <= or <."),
        };
        string line = string.Create(CultureInfo.InvariantCulture, $"LEARNING TARGET: {metric} = {Format(value)} (target {op} {Format(threshold)}) {(pass ? "PASS" : "FAIL")}");
        Console.WriteLine(line);
        if (!pass) throw new LearningTargetMissedException(line + (hint is null ? "" : Environment.NewLine + hint));
        return true;
    }

    private static string Format(double v) => Math.Abs(v) >= 100 ? v.ToString("F1", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
}

/// <summary>Thrown when a notebook's learning target is missed.</summary>
public sealed class LearningTargetMissedException(string message) : Exception(message);
