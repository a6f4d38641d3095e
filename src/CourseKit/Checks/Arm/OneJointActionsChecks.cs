namespace CourseKit.Checks.Arm;

/// <summary>
/// Visible checks of <c>arm.one_joint_actions</c>:
/// <c>static float[][] OneJointActions(int joints, float magnitude)</c>: action 2j is +magnitude on joint j,
/// action 2j + 1 is −magnitude on joint j, zeros elsewhere.
/// </summary>
[ExerciseChecks("arm.one_joint_actions")]
public static class OneJointActionsChecks
{
    /// <summary>The self-check cell: <c>OneJointActionsChecks.Run(OneJointActions);</c></summary>
    public static SelfCheckReport Run(Func<int, float, float[][]> oneJointActions) => SelfCheck.Run("arm.one_joint_actions", oneJointActions);

    static string Show(float[]? a) => a is null ? "null" : "[" + string.Join(", ", a.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    /// <summary>Compares every action with the specification.</summary>
    public static void Verify(Func<int, float, float[][]> f, int joints, float magnitude)
    {
        string call = $"OneJointActions(joints: {joints}, magnitude: {magnitude})";
        var got = f(joints, magnitude);
        Expect.True(got is not null, $"{call} returned null.");
        Expect.True(got!.Length == 2 * joints, $"{call} returned {got.Length} actions; expected 2 x {joints} = {2 * joints} (one +, one − per joint).");
        for (int i = 0; i < got.Length; i++)
        {
            var expected = new float[joints];
            expected[i / 2] = i % 2 == 0 ? magnitude : -magnitude;
            Expect.True(got[i] is not null && got[i].AsSpan().SequenceEqual(expected),
                $"{call}: action {i} is {Show(got[i])}; expected {Show(expected)} (action 2j pushes joint j with +magnitude, action 2j + 1 with −magnitude; one torque vector per action, {Expect.Count(joints, "value")} long).");
        }
        Expect.True(got.Distinct().Count() == got.Length, $"{call} returned the same array object for two actions: make a new array for each.");
    }

    /// <summary>The course's arm: three joints.</summary>
    [Check(Description = "three joints: 6 actions, one joint pushed each way")]
    public static void ThreeJoints(Func<int, float, float[][]> f) => Verify(f, 3, 1f);

    /// <summary>Pusher's seven joints and a smaller push.</summary>
    [Check(Description = "seven joints and magnitude 0.5: the lesson's 14 actions")]
    public static void SevenJoints(Func<int, float, float[][]> f) => Verify(f, 7, 0.5f);
}
