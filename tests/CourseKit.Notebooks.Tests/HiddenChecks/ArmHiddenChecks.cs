using CourseKit.Checks;
using CourseKit.Checks.Arm;

namespace CourseKit.HiddenChecks.Arm;

// Hidden checks of notebooks/05_dqn_discretized_control.ipynb: run by the grader and `dotnet test`, never
// by the notebook's self-check cells. They probe one joint, a magnitude other than 1, one bin per dim,
// and sizes between the visible ones.

[ExerciseChecks("arm.one_joint_actions")]
public static class OneJointActionsHidden
{
    [Check(Description = "one joint: two actions")]
    public static void OneJoint(Func<int, float, float[][]> f) => OneJointActionsChecks.Verify(f, 1, 2f);

    [Check(Description = "the arrays are fresh: changing one action changes no other")]
    public static void Independent(Func<int, float, float[][]> f)
    {
        var actions = f(2, 1f);
        actions[0][1] = 99f;
        Expect.True(actions[1][1] != 99f && actions[2][1] != 99f && actions[3][1] != 99f,
            "OneJointActions(2, 1): after changing action 0, another action changed too: each action needs its own array.");
    }
}

[ExerciseChecks("arm.tabular_entries")]
public static class TabularEntriesHidden
{
    [Check(Description = "one bin per dim leaves only the actions")]
    public static void OneBin(Func<int, int, int, double> f) => TabularEntriesChecks.Verify(f, 30, 1, 6);

    [Check(Description = "sizes in between, including one that overflows a long")]
    public static void InBetween(Func<int, int, int, double> f)
    {
        TabularEntriesChecks.Verify(f, 4, 10, 6);
        TabularEntriesChecks.Verify(f, 13, 10, 6);
        TabularEntriesChecks.Verify(f, 20, 10, 6);
    }
}
