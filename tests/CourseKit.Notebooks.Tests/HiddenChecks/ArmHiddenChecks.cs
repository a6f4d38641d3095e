using CourseKit.Checks;
using CourseKit.Checks.Arm;

namespace CourseKit.HiddenChecks.Arm;

// Hidden checks of notebooks/05_dqn_discretized_control.ipynb: run by the grader and `dotnet test`, never
// by the notebook's self-check cells. They probe one joint, four levels and levels given out of order for the
// grid; empty phases, unused actions and untouched inputs for the usage table.

[ExerciseChecks("arm.action_grid")]
public static class ActionGridHidden
{
    [Check(Description = "one joint: the levels themselves, each in its own array")]
    public static void OneJoint(Func<int, float[], float[][]> f) => ActionGridChecks.Verify(f, 1, [-2f, 0f, 2f]);

    [Check(Description = "four levels on two joints: 16 actions")]
    public static void FourLevels(Func<int, float[], float[][]> f) => ActionGridChecks.Verify(f, 2, [-1f, -1f / 3, 1f / 3, 1f]);

    [Check(Description = "levels given out of order are used in the order given, and the caller's array is left alone")]
    public static void OrderGiven(Func<int, float[], float[][]> f) => ActionGridChecks.Verify(f, 3, [1f, -1f, 0f]);

    [Check(Description = "the arrays are fresh: changing one action changes no other")]
    public static void Independent(Func<int, float[], float[][]> f)
    {
        var actions = f(2, [-1f, 1f]);
        actions[0][1] = 99f;
        Expect.True(actions.Skip(1).All(a => a[1] != 99f),
            "ActionGrid(2, [−1, 1]): after changing action 0, another action changed too: each action needs its own array.");
    }
}

[ExerciseChecks("arm.action_usage")]
public static class ActionUsageHidden
{
    [Check(Description = "episodes shorter than the number of phases leave empty phases: rows of zeros")]
    public static void EmptyPhases(Func<int[][], int, int, double[,]> f) =>
        ActionUsageChecks.Verify(f, [[2], [0, 1]], 3, 3, "episodes [2] and [0, 1]");

    [Check(Description = "an action nobody chose gets a column of zeros; one phase of 27 actions")]
    public static void UnusedActions(Func<int[][], int, int, double[,]> f) =>
        ActionUsageChecks.Verify(f, [[13, 13, 4, 22], [13, 0, 26]], 27, 1, "two episodes over a 27-action grid");

    [Check(Description = "many phases on long episodes of unequal length")]
    public static void ManyPhases(Func<int[][], int, int, double[,]> f)
    {
        var rng = new Random(11);
        var episodes = Enumerable.Range(0, 6).Select(e => Enumerable.Range(0, 40 + 13 * e).Select(_ => rng.Next(5)).ToArray()).ToArray();
        ActionUsageChecks.Verify(f, episodes, 5, 7, "6 episodes of 40 to 105 steps");
    }

    [Check(Description = "no episodes at all: a table of zeros")]
    public static void NoEpisodes(Func<int[][], int, int, double[,]> f) => ActionUsageChecks.Verify(f, [], 4, 2, "no episodes");
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
