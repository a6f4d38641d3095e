using CourseKit.Envs;

namespace CourseKit.Checks.Dagger;

/// <summary>
/// Visible checks of <c>dagger.collect</c>:
/// <c>static List&lt;(float[] Observation, float[] Action)&gt; CollectDagger(Env&lt;float[], float[]&gt; env, Func&lt;float[], float[]&gt; acting, Func&lt;float[], float[]&gt; expert, int steps, int seed)</c>.
/// </summary>
[ExerciseChecks("dagger.collect")]
public static class CollectChecks
{
    /// <summary>The self-check cell: <c>CollectChecks.Run(CollectDagger);</c></summary>
    public static SelfCheckReport Run(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> collect) =>
        SelfCheck.Run("dagger.collect", collect);

    /// <summary>The acting policy of the checks: a fixed torque that depends on the observation (not the expert's).</summary>
    public static float[] Acting(float[] o) => [o[2] > 0 ? -2f : 2f];

    /// <summary>The labelling policy of the checks: something no acting policy here would do.</summary>
    public static float[] Expert(float[] o) => [(float)Math.Round(o[0] * 100) / 100f];

    /// <summary>What the data must be: the observations seen while the acting policy drives, labelled by the expert.</summary>
    public static List<(float[] Observation, float[] Action)> Reference(Env<float[], float[]> env, int steps, int seed)
    {
        var pairs = new List<(float[], float[])>();
        var (obs, _) = env.Reset(seed);
        for (int t = 0; t < steps; t++)
        {
            pairs.Add((obs, Expert(obs)));
            var s = env.Step(Acting(obs));
            obs = s.Done ? env.Reset().obs : s.Observation;
        }
        return pairs;
    }

    /// <summary>Compares the student's pairs with the reference on Pendulum-v1 with a short time limit.</summary>
    public static void Verify(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f, int limit, int steps, int seed) =>
        Verify(f, () => Gym.Make<float[], float[]>("Pendulum-v1", maxEpisodeSteps: limit), $"Pendulum-v1 with a {limit}-step limit", steps, seed);

    /// <summary>Compares the student's pairs with the reference on envs made by <paramref name="make"/>.</summary>
    public static void Verify(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f,
                              Func<Env<float[], float[]>> make, string envName, int steps, int seed)
    {
        string call = $"CollectDagger({envName}, acting, expert, steps: {steps}, seed: {seed})";
        var expected = Reference(make(), steps, seed);
        var got = f(make(), Acting, Expert, steps, seed);
        Expect.True(got is not null, $"{call} returned null.");
        Expect.True(got!.Count == steps, $"{call} returned {got.Count} pairs; expected one per step, {steps}.");
        for (int t = 0; t < steps; t++)
        {
            var (o, a) = got[t];
            Expect.True(o is not null && o.AsSpan().SequenceEqual(expected[t].Observation),
                $"{call}: observation {t} is [{string.Join(", ", o ?? [])}], expected [{string.Join(", ", expected[t].Observation)}]. " +
                (t == 0 ? "Start with env.Reset(seed), and record each observation BEFORE stepping with it."
                        : "Step the env with the ACTING policy's action (not the expert's), record each observation before stepping, and call Reset() with no seed when an episode ends (terminated or truncated)."));
            Expect.True(a is not null && a.AsSpan().SequenceEqual(expected[t].Action),
                $"{call}: the label of observation {t} is [{string.Join(", ", a ?? [])}], expected the expert's action [{string.Join(", ", expected[t].Action)}] for that observation.");
        }
    }

    /// <summary>One episode: observations follow the acting policy, labels come from the expert.</summary>
    [Check(Description = "the acting policy drives, the expert labels")]
    public static void OneEpisode(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) => Verify(f, 50, 20, 3);

    /// <summary>Across episode ends: Reset and carry on.</summary>
    [Check(Description = "episodes that end are reset and collection goes on")]
    public static void AcrossEpisodes(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) => Verify(f, 6, 14, 5);
}
