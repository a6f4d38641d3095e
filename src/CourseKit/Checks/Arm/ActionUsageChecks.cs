namespace CourseKit.Checks.Arm;

/// <summary>
/// Visible checks of <c>arm.action_usage</c>:
/// <c>static double[,] ActionUsage(int[][] episodes, int nActions, int phases)</c>: the share of each action among
/// the greedy choices made in each phase of the episodes (row = phase, column = action, each non-empty row sums to 1).
/// </summary>
[ExerciseChecks("arm.action_usage")]
public static class ActionUsageChecks
{
    /// <summary>The self-check cell: <c>ActionUsageChecks.Run(ActionUsage);</c></summary>
    public static SelfCheckReport Run(Func<int[][], int, int, double[,]> actionUsage) => SelfCheck.Run("arm.action_usage", actionUsage);

    const string PhaseRule = "step t of an episode of T steps belongs to phase t · phases / T (integer division), so every episode is cut into phases by its own length.";
    const string ShareRule = "each entry is a share, not a count: the choices of action a in phase p divided by all the choices made in phase p, so each row (phase) sums to 1 over the actions.";
    const string EmptyRule = "a phase in which no step fell gets a row of zeros (no choices, no shares), not NaN.";

    /// <summary>The usage table computed here, to compare with; also the counts it comes from.</summary>
    public static (double[,] Shares, double[,] Counts) Expected(int[][] episodes, int nActions, int phases)
    {
        var counts = new double[phases, nActions];
        foreach (var episode in episodes)
            for (int t = 0; t < episode.Length; t++) counts[(int)((long)t * phases / episode.Length), episode[t]]++;
        var shares = new double[phases, nActions];
        for (int p = 0; p < phases; p++)
        {
            double total = 0;
            for (int a = 0; a < nActions; a++) total += counts[p, a];
            for (int a = 0; a < nActions; a++) shares[p, a] = total > 0 ? counts[p, a] / total : 0;
        }
        return (shares, counts);
    }

    static double[] Row(double[,] m, int r) => Enumerable.Range(0, m.GetLength(1)).Select(c => m[r, c]).ToArray();
    static bool Same(double[,] a, double[,] b) =>
        a.GetLength(0) == b.GetLength(0) && a.GetLength(1) == b.GetLength(1) &&
        Enumerable.Range(0, a.GetLength(0)).All(r => Row(a, r).Zip(Row(b, r)).All(p => Math.Abs(p.First - p.Second) <= 1e-9));

    /// <summary>Compares the whole table; a wrong table is matched against the classic mistakes to name the rule.</summary>
    public static void Verify(Func<int[][], int, int, double[,]> f, int[][] episodes, int nActions, int phases, string what)
    {
        string call = $"ActionUsage({what}, nActions: {nActions}, phases: {phases})";
        var copy = episodes.Select(e => (int[])e.Clone()).ToArray();
        var got = f(copy, nActions, phases);
        var (expected, counts) = Expected(episodes, nActions, phases);
        Expect.True(got is not null, $"{call} returned null.");
        Expect.True(got!.GetLength(0) == phases && got.GetLength(1) == nActions,
            $"{call} returned a {got.GetLength(0)} x {got.GetLength(1)} table; expected {phases} x {nActions}: one row per phase, one column per action.");
        for (int p = 0; p < phases; p++)
        {
            var row = Row(got, p);
            if (row.Zip(Row(expected, p)).All(x => Math.Abs(x.First - x.Second) <= 1e-9)) continue;
            string rule;
            if (Row(counts, p).Sum() == 0) rule = EmptyRule;
            else if (Same(got, counts)) rule = "these are the counts. " + ShareRule;
            else if (Math.Abs(row.Sum() - 1) > 1e-9) rule = $"row {p} sums to {row.Sum():G4}. " + ShareRule + " Divide by the choices of that phase, not of all phases or of one action.";
            else rule = PhaseRule;
            throw new CheckFailedException($"{call}: row {p} is {Expect.Show(row)}; expected {Expect.Show(Row(expected, p))}. {rule}");
        }
        Expect.True(copy.Zip(episodes).All(e => e.First.AsSpan().SequenceEqual(e.Second)),
            $"{call} changed the episodes it was given: count them, and leave the recorded choices as they are.");
    }

    /// <summary>Two short episodes worked by hand.</summary>
    [Check(Description = "by hand: episodes [0, 0, 1, 2] and [1, 1, 2, 2, 0, 1], 3 actions, 2 phases")]
    public static void ByHand(Func<int[][], int, int, double[,]> f) =>
        Verify(f, [[0, 0, 1, 2], [1, 1, 2, 2, 0, 1]], 3, 2, "episodes [0, 0, 1, 2] and [1, 1, 2, 2, 0, 1]");

    /// <summary>Greedy tests as the notebook records them: 20 episodes of 100 steps, 7 actions, seen whole and in thirds.</summary>
    [Check(Description = "20 episodes of 100 steps, 7 actions, with 1 phase (the overall shares) and with 3")]
    public static void Recorded(Func<int[][], int, int, double[,]> f)
    {
        var rng = new Random(5);
        // Later steps pick action 0 more often, as a pushing agent's no-op does once the puck is placed.
        var episodes = Enumerable.Range(0, 20).Select(_ => Enumerable.Range(0, 100).Select(t => rng.NextDouble() < t / 150.0 ? 0 : rng.Next(7)).ToArray()).ToArray();
        Verify(f, episodes, 7, 1, "20 recorded episodes of 100 steps");
        Verify(f, episodes, 7, 3, "20 recorded episodes of 100 steps");
    }

    /// <summary>Episodes of different lengths: each is cut into phases by its own length.</summary>
    [Check(Description = "episodes of 3, 6 and 10 steps, 4 actions, 3 phases: each episode cut by its own length")]
    public static void UnequalLengths(Func<int[][], int, int, double[,]> f) =>
        Verify(f, [[3, 2, 1], [0, 0, 1, 1, 2, 3], [0, 1, 2, 3, 3, 3, 3, 0, 0, 2]], 4, 3, "episodes of 3, 6 and 10 steps");
}
