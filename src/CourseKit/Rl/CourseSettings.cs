namespace CourseKit.Rl;

/// <summary>
/// The two knobs every notebook's setup cell reads from the environment, so a student, a TA or CI can rerun a
/// notebook on another seed or in a shorter form without editing a cell.
/// </summary>
public static class CourseSettings
{
    /// <summary>The base seed: a notebook that runs k seeds uses base, base + 1, …, base + k − 1. Default 0.</summary>
    public const string SeedVariable = "COURSEKIT_SEED";

    /// <summary>"1" (or "true") shortens studies and seed sweeps; the main training and the learning target stay.</summary>
    public const string QuickVariable = "COURSEKIT_QUICK";

    /// <summary>The base seed from <c>COURSEKIT_SEED</c>, 0 when it is unset or empty.</summary>
    /// <exception cref="ArgumentException">The variable holds something other than a non-negative integer.</exception>
    public static int BaseSeed() => ParseSeed(Environment.GetEnvironmentVariable(SeedVariable));

    /// <summary>True when <c>COURSEKIT_QUICK</c> asks for the quick mode ("1", "true", "yes", "on").</summary>
    /// <exception cref="ArgumentException">The variable holds a word that is neither on nor off.</exception>
    public static bool Quick() => ParseQuick(Environment.GetEnvironmentVariable(QuickVariable));

    /// <summary>One line for the setup cell's output: the seed and mode this run uses, and how to change them.</summary>
    public static string Describe() => Describe(BaseSeed(), Quick());

    internal static string Describe(int baseSeed, bool quick) =>
        $"Base seed {baseSeed} (set {SeedVariable} to change it) · " +
        (quick ? $"quick mode: shorter studies and seed sweeps ({QuickVariable}=1)"
               : $"full run (set {QuickVariable}=1 for shorter studies and seed sweeps)");

    internal static int ParseSeed(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return 0;
        if (int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int seed))
            return seed;
        throw new ArgumentException(
            $"{SeedVariable}='{text}' is not a seed. Set it to a non-negative whole number (for example {SeedVariable}=1), " +
            "or unset it for the default 0, then restart the kernel and run the setup cell again.");
    }

    internal static bool ParseQuick(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return false;
        switch (text.Trim().ToLowerInvariant())
        {
            case "1": case "true": case "yes": case "on": return true;
            case "0": case "false": case "no": case "off": return false;
            default:
                throw new ArgumentException(
                    $"{QuickVariable}='{text}' is neither on nor off. Set it to 1 for the quick mode or 0 (or unset it) " +
                    "for the full run, then restart the kernel and run the setup cell again.");
        }
    }
}
