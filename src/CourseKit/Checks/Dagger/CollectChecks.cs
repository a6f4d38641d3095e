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

    /// <summary>A known way to get DAgger's data wrong (the reference makes none).</summary>
    internal enum Mistake { None, ExpertDrives, ActingLabels, NoResetAfterTermination, ReseedsEveryEpisode, RecordsAfterStep }

    /// <summary>What the data must be: the observations seen while the acting policy drives, labelled by the expert (or what a known mistake gives).</summary>
    internal static List<(float[] Observation, float[] Action)> Reference(Env<float[], float[]> env, int steps, int seed, Mistake mistake = Mistake.None)
    {
        var pairs = new List<(float[], float[])>();
        var (obs, _) = env.Reset(seed);
        for (int t = 0; t < steps; t++)
        {
            if (mistake != Mistake.RecordsAfterStep) pairs.Add((obs, Label(obs)));
            var s = env.Step(mistake == Mistake.ExpertDrives ? Expert(obs) : Acting(obs));
            bool ended = mistake == Mistake.NoResetAfterTermination ? s.Truncated : s.Done;
            obs = ended ? env.Reset(mistake == Mistake.ReseedsEveryEpisode ? seed : null).obs : s.Observation;
            if (mistake == Mistake.RecordsAfterStep) pairs.Add((obs, Label(obs)));
        }
        return pairs;

        float[] Label(float[] o) => mistake == Mistake.ActingLabels ? Acting(o) : Expert(o);
    }

    static readonly (Mistake Mistake, string Rule)[] s_rules =
    [
        (Mistake.ExpertDrives, "The env was stepped with the EXPERT's action: the ACTING policy drives (env.Step(acting(obs))); the expert only labels."),
        (Mistake.ActingLabels, "The labels are the ACTING policy's actions: label every observation with the EXPERT's action, expert(obs)."),
        (Mistake.NoResetAfterTermination, "An episode that TERMINATED was not reset: call env.Reset() when the step is terminated OR truncated."),
        (Mistake.ReseedsEveryEpisode, "Every episode restarted from the same seed: Reset(seed) only once, then Reset() with no seed."),
        (Mistake.RecordsAfterStep, "Each pair holds the observation after the step: record (obs, expert(obs)) BEFORE stepping with obs."),
    ];

    /// <summary>Compares the student's pairs with the reference on Pendulum-v1 with a short time limit.</summary>
    public static void Verify(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f, int limit, int steps, int seed) =>
        Verify(f, () => Gym.Make<float[], float[]>("Pendulum-v1", maxEpisodeSteps: limit), $"Pendulum-v1 with a {limit}-step limit", steps, seed);

    /// <summary>
    /// Compares on a Pendulum whose odd-numbered episodes TERMINATE after <paramref name="terminateAfter"/> steps and whose
    /// others are truncated by a <paramref name="limit"/>-step time limit: both kinds of episode end.
    /// </summary>
    public static void VerifyMixedEnds(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f, int terminateAfter, int limit, int steps, int seed) =>
        Verify(f, () => new TerminatesOddEpisodes(Gym.Make<float[], float[]>("Pendulum-v1", maxEpisodeSteps: limit), terminateAfter),
            $"a Pendulum whose episodes 1, 3, 5, ... terminate after {terminateAfter} steps and whose others hit a {limit}-step time limit", steps, seed);

    /// <summary>Compares the student's pairs with the reference on envs made by <paramref name="make"/>.</summary>
    public static void Verify(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f,
                              Func<Env<float[], float[]>> make, string envName, int steps, int seed)
    {
        string call = $"CollectDagger({envName}, acting, expert, steps: {steps}, seed: {seed})";
        var expected = Reference(make(), steps, seed);
        var got = f(make(), Acting, Expert, steps, seed);
        Expect.True(got is not null, $"{call} returned null.");
        Expect.True(got!.Count == steps, $"{call} returned {Expect.Count(got.Count, "pair")}; expected one per step, {steps}.");
        if (Same(got, expected)) return;
        string rule = s_rules.FirstOrDefault(r => Same(got, Reference(make(), steps, seed, r.Mistake))).Rule
            ?? "Reset(seed) first; record (obs, expert(obs)) before stepping; step with acting(obs); Reset() with no seed when an episode ends (terminated or truncated).";
        for (int t = 0; t < steps; t++)
        {
            var (o, a) = got[t];
            if (o is null || !o.AsSpan().SequenceEqual(expected[t].Observation))
                throw new CheckFailedException($"{call}: observation {t} is [{string.Join(", ", o ?? [])}], expected [{string.Join(", ", expected[t].Observation)}]. {rule}");
            if (a is null || !a.AsSpan().SequenceEqual(expected[t].Action))
                throw new CheckFailedException($"{call}: the label of observation {t} is [{string.Join(", ", a ?? [])}], expected the expert's action [{string.Join(", ", expected[t].Action)}]. {rule}");
        }
    }

    static bool Same(List<(float[] Observation, float[] Action)> got, List<(float[] Observation, float[] Action)> want) =>
        got.Count == want.Count && got.Zip(want).All(p => p.First.Observation is not null && p.First.Action is not null
            && p.First.Observation.AsSpan().SequenceEqual(p.Second.Observation) && p.First.Action.AsSpan().SequenceEqual(p.Second.Action));

    /// <summary>One episode: observations follow the acting policy, labels come from the expert.</summary>
    [Check(Description = "the acting policy drives, the expert labels")]
    public static void OneEpisode(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) => Verify(f, 50, 20, 3);

    /// <summary>Across episode ends of both kinds: Reset and carry on.</summary>
    [Check(Weight = 2, Description = "episodes that terminate or are truncated are reset, and collection goes on")]
    public static void AcrossEpisodes(Func<Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) =>
        VerifyMixedEnds(f, terminateAfter: 4, limit: 6, steps: 20, seed: 5);
}

/// <summary>Ends episodes 1, 3, 5, ... (counting from 0) with Terminated after a few steps; the others run on to the inner env's end.</summary>
internal sealed class TerminatesOddEpisodes(Env<float[], float[]> env, int steps) : Wrapper<float[], float[]>(env)
{
    int _episode = -1, _t;

    public override (float[] obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        _episode++;
        _t = 0;
        return Inner.Reset(seed);
    }

    public override Step<float[]> Step(float[] action)
    {
        var s = Inner.Step(action);
        return _episode % 2 == 1 && ++_t >= steps ? s with { Terminated = true, Truncated = false } : s;
    }
}
