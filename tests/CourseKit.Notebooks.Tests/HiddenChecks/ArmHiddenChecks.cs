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

[ExerciseChecks("arm.reward_terms")]
public static class RewardTermsHidden
{
    [Check(Description = "torques far beyond the limits are clipped before they are squared")]
    public static void Clipped(Func<float[], float[], (double Task, double Control, double Near)> f)
    {
        var obs = new float[17];
        obs[9] = -0.05f; obs[10] = 0.02f; obs[11] = 0.12f; obs[12] = -0.09f;
        RewardTermsChecks.Verify(f, obs, new[] { 3f, -2f, 0.5f }, "a step with torques 3, −2 and 0.5");
    }

    [Check(Description = "distances are Euclidean, not squared, also below 1 m and above it")]
    public static void Euclidean(Func<float[], float[], (double Task, double Control, double Near)> f)
    {
        var obs = new float[17];
        obs[9] = 1.2f; obs[10] = -0.9f; obs[11] = 0.05f; obs[12] = 0.0f;
        RewardTermsChecks.Verify(f, obs, new[] { 0f, 0f, 0f }, "fingertip − puck (1.2, −0.9), puck − goal (0.05, 0)");
    }

    [Check(Description = "the caller's arrays are left as they were")]
    public static void InputsUntouched(Func<float[], float[], (double Task, double Control, double Near)> f)
    {
        var obs = Enumerable.Range(0, 17).Select(i => 0.1f * (i - 8)).ToArray();
        RewardTermsChecks.Verify(f, obs, new[] { -1.7f, 1.2f, 0.3f }, "an observation of 17 made-up values");
    }
}
