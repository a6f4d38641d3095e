namespace CourseKit.Checks.Arm;

/// <summary>
/// Visible checks of <c>arm.action_grid</c>:
/// <c>static float[][] ActionGrid(int joints, float[] levels)</c>: every combination of one level per joint,
/// levels.Length^joints torque vectors, in the order of counting in base levels.Length with joint 0 as the most
/// significant digit (the last joint changes fastest).
/// </summary>
[ExerciseChecks("arm.action_grid")]
public static class ActionGridChecks
{
    /// <summary>The self-check cell: <c>ActionGridChecks.Run(ActionGrid);</c></summary>
    public static SelfCheckReport Run(Func<int, float[], float[][]> actionGrid) => SelfCheck.Run("arm.action_grid", actionGrid);

    const string CountRule = "a grid holds every combination of one level per joint: levels.Length^joints actions (3 levels on 3 joints: 27).";
    const string OrderRule = "action i is i written in base levels.Length, joint 0 the most significant digit: joint j gets levels[(i / L^(joints − 1 − j)) % L], " +
                             "so the last joint changes fastest and action 0 gives every joint levels[0].";

    /// <summary>The grid in the documented order, built here to compare with.</summary>
    public static float[][] Expected(int joints, float[] levels)
    {
        int count = (int)Math.Pow(levels.Length, joints);
        var grid = new float[count][];
        for (int i = 0; i < count; i++)
        {
            grid[i] = new float[joints];
            for (int j = joints - 1, rest = i; j >= 0; j--, rest /= levels.Length) grid[i][j] = levels[rest % levels.Length];
        }
        return grid;
    }

    static string Call(int joints, float[] levels) => $"ActionGrid(joints: {joints}, levels: {Expect.Show(levels)})";

    /// <summary>Compares every action with the documented grid; the message names the rule that broke.</summary>
    public static void Verify(Func<int, float[], float[][]> f, int joints, float[] levels)
    {
        string call = Call(joints, levels);
        var given = (float[])levels.Clone();
        var got = f(joints, given);
        var expected = Expected(joints, levels);
        Expect.True(got is not null, $"{call} returned null.");
        Expect.True(got!.Length == expected.Length, $"{call} returned {got.Length} actions; expected {levels.Length}^{joints} = {expected.Length}: {CountRule}");
        var wrong = got.FirstOrDefault(a => a is null || a.Length != joints, new float[joints]);   // the message is built before Expect.True looks
        Expect.True(got.All(a => a is not null && a.Length == joints),
            $"{call}: an action has {(wrong is null ? "no array (null)" : Expect.Count(wrong.Length, "value"))}; expected one torque per joint, {Expect.Count(joints, "value")} long.");
        Expect.True(got.Distinct(ReferenceEqualityComparer.Instance).Count() == got.Length,
            $"{call} returned the same array object for two actions: make a new array for each, or writing one action overwrites the others.");
        Expect.True(given.AsSpan().SequenceEqual(levels), $"{call} changed the levels array it was given (it now holds {Expect.Show(given)}): read the levels, in the order given, and leave the caller's array alone.");
        for (int i = 0; i < got.Length; i++)
        {
            if (got[i].AsSpan().SequenceEqual(expected[i])) continue;
            bool repeats = got.Select(a => string.Join(",", a)).Distinct().Count() < got.Length;   // only on failure: built for each of Pusher's 2,187 actions it costs seconds
            throw new CheckFailedException($"{call}: action {i} is {Expect.Show(got[i])}; expected {Expect.Show(expected[i])}. The order: {OrderRule}" +
                                           (repeats ? $" Two of your actions are equal, and {CountRule}" : ""));
        }
    }

    /// <summary>The notebook's grid.</summary>
    [Check(Description = "3 joints, levels −1, 0, 1: the 27 actions in order, action 13 the zero torque")]
    public static void ThreeJoints(Func<int, float[], float[][]> f) => Verify(f, 3, [-1f, 0f, 1f]);

    /// <summary>Two levels, two joints: small enough to check by hand.</summary>
    [Check(Description = "2 joints, levels −0.5 and 0.5: 4 actions")]
    public static void TwoByTwo(Func<int, float[], float[][]> f) => Verify(f, 2, [-0.5f, 0.5f]);

    /// <summary>Pusher's seven joints.</summary>
    [Check(Description = "Pusher's 7 joints, levels −1, 0, 1: 2,187 actions")]
    public static void Pusher(Func<int, float[], float[][]> f) => Verify(f, 7, [-1f, 0f, 1f]);
}
