namespace CourseKit.Checks.Arm;

/// <summary>
/// Visible checks of <c>arm.tabular_entries</c>:
/// <c>static double TabularEntries(int stateDims, int binsPerDim, int nActions)</c> = binsPerDim^stateDims · nActions.
/// </summary>
[ExerciseChecks("arm.tabular_entries")]
public static class TabularEntriesChecks
{
    /// <summary>The self-check cell: <c>TabularEntriesChecks.Run(TabularEntries);</c></summary>
    public static SelfCheckReport Run(Func<int, int, int, double> tabularEntries) => SelfCheck.Run("arm.tabular_entries", tabularEntries);

    /// <summary>Compares one call with the formula, to a relative 1e-9.</summary>
    public static void Verify(Func<int, int, int, double> f, int dims, int bins, int actions)
    {
        double expected = Math.Pow(bins, dims) * actions;
        double got = f(dims, bins, actions);
        if (Math.Abs(got - expected) <= 1e-9 * expected) return;
        int asInt = actions;
        long asLong = actions;
        for (int i = 0; i < dims; i++) { asInt = unchecked(asInt * bins); asLong = unchecked(asLong * bins); }
        string rule = got == asInt || got == asLong
            ? $"That is what an {(got == asInt ? "int" : "long")} holds after it overflowed: compute in double (Math.Pow), {expected:G6} does not fit."
            : $"The state grid has {bins}^{dims} cells ({bins} bins in each of {dims} dims, every combination), and each of those cells needs one entry per action.";
        throw new CheckFailedException(
            $"TabularEntries(stateDims: {dims}, binsPerDim: {bins}, nActions: {actions}) returned {got:G6}; expected {bins}^{dims} x {actions} = {expected:G6}. {rule}");
    }

    /// <summary>A small grid.</summary>
    [Check(Description = "2 dims of 3 bins, 4 actions: 36 entries")]
    public static void Small(Func<int, int, int, double> f) => Verify(f, 2, 3, 4);

    /// <summary>Pusher: 23 dims.</summary>
    [Check(Description = "Pusher: 23 dims of 10 bins, 14 actions (far beyond an int)")]
    public static void Pusher(Func<int, int, int, double> f) => Verify(f, 23, 10, 14);
}
