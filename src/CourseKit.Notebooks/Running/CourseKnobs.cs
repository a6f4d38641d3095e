namespace CourseKit.Notebooks.Running;

/// <summary>
/// The course's two knobs as the kernel's environment: every notebook's setup cell reads them
/// (CourseKit's <c>CourseSettings.BaseSeed()</c> and <c>Quick()</c>). A notebook that runs k seeds
/// uses base, base + 1, …, base + k − 1; quick mode shrinks studies and seed sweeps, never the main
/// training or the learning target.
/// </summary>
public static class CourseKnobs
{
    /// <summary>The base seed's variable (a whole number ≥ 0; default 0).</summary>
    public const string SeedVariable = "COURSEKIT_SEED";
    /// <summary>Quick mode's variable ("1" turns it on).</summary>
    public const string QuickVariable = "COURSEKIT_QUICK";

    /// <summary>The environment for a run with this base seed (null: the notebook's default) and mode.</summary>
    public static IReadOnlyDictionary<string, string> Environment(int? seed, bool quick)
    {
        if (seed is < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "the base seed must be 0 or more");
        var environment = new Dictionary<string, string>();
        if (seed is { } s) environment[SeedVariable] = s.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (quick) environment[QuickVariable] = "1";
        return environment;
    }
}
