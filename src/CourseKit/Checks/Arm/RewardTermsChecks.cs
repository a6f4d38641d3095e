using CourseKit.Envs;

namespace CourseKit.Checks.Arm;

/// <summary>
/// Visible checks of <c>arm.reward_terms</c>:
/// <c>static (double Task, double Control, double Near) RewardTerms(float[] nextObs, float[] torques)</c>:
/// ArmPush's reward split into its three parts, read from the observation after the step and the torques applied.
/// </summary>
[ExerciseChecks("arm.reward_terms")]
public static class RewardTermsChecks
{
    /// <summary>The self-check cell: <c>RewardTermsChecks.Run(RewardTerms);</c></summary>
    public static SelfCheckReport Run(Func<float[], float[], (double Task, double Control, double Near)> rewardTerms) =>
        SelfCheck.Run("arm.reward_terms", rewardTerms);

    const string TaskRule = "Task = −‖puck − goal‖: minus the Euclidean distance (not squared) from nextObs[11..12], the puck − goal vector.";
    const string ControlRule = "Control = −0.1 · Σ τ² over the torques, each first clipped to [−1, 1] as the env clips them.";
    const string NearRule = "Near = −0.5 · ‖fingertip − puck‖: minus half the Euclidean distance (not squared) from nextObs[9..10], the fingertip − puck vector.";
    const string CostRule = "Every term is a cost, so none is positive: the reward is −distance − 0.1 · control − 0.5 · distance.";

    /// <summary>The right terms, computed here from the same inputs.</summary>
    public static (double Task, double Control, double Near) Expected(float[] obs, float[] torques)
    {
        double task = -Math.Sqrt((double)obs[11] * obs[11] + (double)obs[12] * obs[12]);
        double control = -ArmPushEnv.ControlWeight * torques.Sum(t => { double c = Math.Clamp((double)t, -1, 1); return c * c; });
        double near = -ArmPushEnv.NearWeight * Math.Sqrt((double)obs[9] * obs[9] + (double)obs[10] * obs[10]);
        return (task, control, near);
    }

    /// <summary>Compares the three terms on one input; the message names the term and its rule.</summary>
    public static void Verify(Func<float[], float[], (double Task, double Control, double Near)> f, float[] obs, float[] torques, string where)
    {
        var expected = Expected(obs, torques);
        var obsCopy = (float[])obs.Clone();
        var torquesCopy = (float[])torques.Clone();
        var got = f(obsCopy, torquesCopy);
        string call = $"RewardTerms({where}, torques {Expect.Show(torques)})";
        foreach (var (name, e, g, rule) in new[] { ("Task", expected.Task, got.Task, TaskRule), ("Control", expected.Control, got.Control, ControlRule), ("Near", expected.Near, got.Near, NearRule) })
            Expect.True(Math.Abs(e - g) <= 1e-5,
                $"{call}: {name} is {Expect.Show(g)}, expected {Expect.Show(e)}. {(g > 1e-9 ? CostRule + " " : "")}{rule}");
        Expect.True(obsCopy.AsSpan().SequenceEqual(obs) && torquesCopy.AsSpan().SequenceEqual(torques),
            $"{call} modified its input arrays (after the call they held {Expect.Show(obsCopy)} and {Expect.Show(torquesCopy)}): " +
            "clip into new values, never into the caller's arrays: the torques are the agent's action, and the observation is the next step's input.");
    }

    /// <summary>A step worked by hand: distances 0.5 and 1.0, torques inside the limits.</summary>
    [Check(Description = "a step worked by hand: puck 1 m from the goal, fingertip 0.5 m from the puck")]
    public static void ByHand(Func<float[], float[], (double Task, double Control, double Near)> f)
    {
        var obs = new float[17];
        obs[9] = 0.3f; obs[10] = 0.4f;    // fingertip − puck: 0.5 m
        obs[11] = -0.6f; obs[12] = 0.8f;  // puck − goal: 1 m
        Verify(f, obs, new[] { 1f, -0.5f, 0f }, "fingertip − puck (0.3, 0.4), puck − goal (−0.6, 0.8)");
    }

    /// <summary>Steps of the real env: the three terms add up to the env's own reward, torques beyond the limits included.</summary>
    [Check(Description = "200 steps of ArmPush-v0 with random torques in [−1.5, 1.5]: the terms add up to the env's reward")]
    public static void MatchesTheEnv(Func<float[], float[], (double Task, double Control, double Near)> f)
    {
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        var rng = new Random(7);
        env.Reset(seed: 11);
        for (int t = 0; t < 200; t++)
        {
            var torques = new[] { (float)(rng.NextDouble() * 3 - 1.5), (float)(rng.NextDouble() * 3 - 1.5), (float)(rng.NextDouble() * 3 - 1.5) };
            var s = env.Step((float[])torques.Clone());
            Verify(f, s.Observation, torques, $"the observation after step {t} of an ArmPush-v0 episode (seed 11)");
            var got = f((float[])s.Observation.Clone(), (float[])torques.Clone());
            Expect.True(Math.Abs(got.Task + got.Control + got.Near - s.Reward) <= 1e-4,
                $"Step {t}: Task + Control + Near = {Expect.Show(got.Task + got.Control + got.Near)}, but the env paid {Expect.Show(s.Reward)}. The three terms must add up to the reward.");
            if (s.Done) env.Reset();
        }
    }
}
