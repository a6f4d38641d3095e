using CourseKit.Checks.Dqn;
using CourseKit.Envs;
using NoopReset = System.Func<CourseKit.Envs.Env<float[], int>, int?, int, System.Random,
    (float[] Observation, System.Collections.Generic.IReadOnlyDictionary<string, object> Info)>;

namespace CourseKit.Checks.Pixels;

/// <summary>
/// Visible checks of <c>pixels.noop_starts</c>:
/// <c>static (float[] Observation, IReadOnlyDictionary&lt;string, object&gt; Info) NoopReset(Env&lt;float[], int&gt; env, int? seed, int noopMax, Random rng)</c>:
/// <c>env.Reset(seed)</c>, then n = <c>rng.Next(1, noopMax + 1)</c> steps of action 0; an episode that ends during
/// them is followed by <c>env.Reset()</c> (no seed) and the count goes on; returns what the agent starts from.
/// The checks run it on CourseKit's <see cref="SpyEnv"/>, which records every Reset (with its seed) and Step.
/// </summary>
[ExerciseChecks("pixels.noop_starts")]
public static class NoopStartsChecks
{
    /// <summary>The rule the exercise teaches, as the failure messages name it.</summary>
    public const string Rule = "Reset with the seed given, draw n = rng.Next(1, noopMax + 1) once (1..noopMax no-ops, noopMax included), step action 0 n times; " +
                               "when an episode ends during the no-ops, env.Reset() without the seed and go on counting.";

    /// <summary>The self-check cell: <c>NoopStartsChecks.Run(NoopReset);</c></summary>
    public static SelfCheckReport Run(NoopReset noopReset) => SelfCheck.Run("pixels.noop_starts", noopReset);

    /// <summary>What one call did to the env: the steps it took, its resets, the observation it returned and the one it should have.</summary>
    public sealed record Call(int Steps, List<(int? Seed, int StepsBefore)> Resets, float[]? Returned, float[] Current, IReadOnlyList<int> Actions);

    /// <summary>Calls the student's function once on <paramref name="env"/> and records what it did there.</summary>
    public static Call Observe(NoopReset f, SpyEnv env, int? seed, int noopMax, Random rng, string what)
    {
        int stepsBefore = env.StepCount, resetsBefore = env.Resets.Count;
        var (obs, _) = f(env, seed, noopMax, rng);
        if (env.Resets.Count == resetsBefore)
            throw new CheckFailedException($"{what} never reset the env: start with env.Reset(seed), then take the no-ops.");
        if (env.SteppedAfterEnd is { } late)
            throw new CheckFailedException($"{what}: step {late.StepIndex + 1} was taken in an episode that had already ended ({late.End.ToString().ToLowerInvariant()}) during the no-ops. " +
                                           "When a no-op ends the episode (terminated OR truncated), start a new one with env.Reset() and go on counting. " + Rule);
        var actions = env.Steps.Skip(stepsBefore).Select(s => s.Action).ToList();
        return new Call(env.StepCount - stepsBefore, env.Resets.Skip(resetsBefore).ToList(), obs, Current(env), actions);
    }

    // The SpyEnv's observation now: the last step's, or after a Reset that came later, [episode, 0, observations emitted before it].
    static float[] Current(SpyEnv env)
    {
        var (_, stepsBefore) = env.Resets[^1];
        return stepsBefore < env.StepCount ? env.Steps[^1].NextObs : [env.Resets.Count - 1, 0, env.Resets.Count - 1 + stepsBefore];
    }

    /// <summary>The counts the rule draws from a generator made like the student's: <c>rng.Next(1, noopMax + 1)</c>, once per reset.</summary>
    public static List<int> ExpectedCounts(int rngSeed, int noopMax, int calls)
    {
        var rng = new Random(rngSeed);
        return Enumerable.Range(0, calls).Select(_ => rng.Next(1, noopMax + 1)).ToList();
    }

    /// <summary>Fails unless <paramref name="got"/> equals <paramref name="expected"/>, naming the way the counts went wrong.</summary>
    public static void CountsMatch(IReadOnlyList<int> expected, IReadOnlyList<int> got, int noopMax, string what)
    {
        if (expected.SequenceEqual(got)) return;
        int first = Enumerable.Range(0, expected.Count).First(i => expected[i] != got[i]);
        string head = $"{what}: call {first + 1} took {Expect.Count(got[first], "no-op")}, the rule takes {expected[first]} " +
                      $"(first counts {Expect.Show(got.Take(8))}, expected {Expect.Show(expected.Take(8))}).";
        int shift = got[0] - expected[0];
        string why;
        if (shift != 0 && got.Zip(expected).All(p => p.First - p.Second == shift))
            why = shift == -1
                ? "Every count is one short: rng.Next(noopMax) draws 0..noopMax-1 (Random.Next's upper bound is exclusive), or the loop stops one step early. Draw n = rng.Next(1, noopMax + 1) and step exactly n times."
                : $"Every count is off by {shift:+0;-0}: step exactly n times (for (int i = 0; i < n; i++)), with n = rng.Next(1, noopMax + 1).";
        else if (got.Min() < 1)
            why = "A reset took no no-op at all: n is at least 1. Draw n = rng.Next(1, noopMax + 1) (Random.Next's upper bound is exclusive).";
        else if (got.Max() > noopMax)
            why = $"A reset took more than noopMax = {noopMax} no-ops: n = rng.Next(1, noopMax + 1) is at most noopMax.";
        else if (got.Max() < noopMax && expected.Max() == noopMax)
            why = $"No reset ever took noopMax = {noopMax} no-ops: Random.Next's upper bound is exclusive, so draw n = rng.Next(1, noopMax + 1) to include noopMax.";
        else
            why = "The counts lie in 1..noopMax but are not the ones rng gives: draw n from the rng passed in (not Seed.Shared, not a new Random), exactly once per reset, " +
                  "as rng.Next(1, noopMax + 1), so the same rng gives the same starts.";
        throw new CheckFailedException($"{head} {why}");
    }

    /// <summary>
    /// Calls the student's function once per seed in <paramref name="seeds"/>, all with one generator, on an env whose
    /// episodes follow <paramref name="script"/>; checks every rule on every call, then the counts against the draws.
    /// </summary>
    public static void Verify(NoopReset f, (int Length, SpyEnd End)[] script, int?[] seeds, int noopMax, int rngSeed, string episodes)
    {
        string what = $"NoopReset(env whose episodes {episodes}, seeds {Expect.Show(seeds.Take(4))}{(seeds.Length > 4 ? $" ({seeds.Length} calls)" : "")}, noopMax: {noopMax}, " +
                      $"rng: new Random({rngSeed}) shared by the calls)";
        var env = new SpyEnv(script);
        var rng = new Random(rngSeed);
        var counts = new List<int>();
        for (int i = 0; i < seeds.Length; i++)
        {
            int stepsBefore = env.StepCount;
            var call = Observe(f, env, seeds[i], noopMax, rng, $"{what}, call {i + 1}");
            string which = $"{what}, call {i + 1} (seed {Expect.Show(seeds[i])})";
            Expect.True(call.Resets[0].StepsBefore == stepsBefore, $"{which} stepped the env before resetting it: reset first, then the no-ops.");
            Expect.True(call.Resets[0].Seed == seeds[i],
                $"{which} started with env.Reset({Expect.Show(call.Resets[0].Seed)}); pass the seed through: env.Reset(seed). A seed makes the start repeatable; null means the env's generator carries on.");
            var later = call.Resets.Skip(1).ToList();
            Expect.True(later.All(r => r.Seed is null),
                $"{which}: a Reset after an episode ended during the no-ops got seed {Expect.Show(later.FirstOrDefault(r => r.Seed is not null).Seed)}; call env.Reset() without the seed there " +
                "(the same seed would replay the episode that just ended).");
            int endings = env.Steps.Skip(stepsBefore).Count(t => t.Terminated || t.Truncated);
            Expect.True(later.Count == endings,
                $"{which}: {Expect.Count(endings, "no-op")} ended an episode, but the env was reset {Expect.Count(later.Count, "time")} after its first Reset: " +
                "reset once right after each no-op that ends an episode (terminated OR truncated), and at no other time.");
            Expect.True(call.Actions.All(a => a == 0),
                $"{which} stepped with actions {Expect.Show(call.Actions)}; a no-op is action 0 (in ALE and in PixelCatch action 0 does nothing).");
            Expect.True(call.Returned is not null && call.Returned.SequenceEqual(call.Current),
                $"{which} returned the observation {Expect.Show(call.Returned)}; the agent starts from {Expect.Show(call.Current)}, the env's observation now " +
                "(the last no-op's step.Observation, or the new episode's first when that no-op ended the episode).");
            counts.Add(call.Steps);
        }
        CountsMatch(ExpectedCounts(rngSeed, noopMax, seeds.Length), counts, noopMax, what);
    }

    /// <summary>Seeds for <paramref name="calls"/> calls: a distinct seed on every call.</summary>
    public static int?[] Seeds(int calls, int first) => Enumerable.Range(first, calls).Select(s => (int?)s).ToArray();

    /// <summary>A generator seed whose first draw of <c>Next(1, noopMax + 1)</c> is <paramref name="n"/>.</summary>
    public static int RngSeedDrawing(int n, int noopMax) => Enumerable.Range(0, 10_000).First(s => new Random(s).Next(1, noopMax + 1) == n);

    /// <summary>60 resets from one generator; episodes of 4 steps, so the 5-no-op starts cross an episode's end.</summary>
    [Check(Weight = 3, Description = "n = rng.Next(1, noopMax + 1) no-ops of action 0, one draw from rng per reset")]
    public static void DrawsTheCount(NoopReset f) =>
        Verify(f, [(4, SpyEnd.Terminated)], Seeds(60, 100), noopMax: 5, rngSeed: 7, "last 4 steps");

    /// <summary>The first Reset gets the seed the caller gave, null included.</summary>
    [Check(Weight = 2, Description = "the seed goes to the first Reset; no seed means Reset()")]
    public static void PassesTheSeed(NoopReset f) =>
        Verify(f, [(5, SpyEnd.Terminated)], [42, null, 3, null, 8, 0], noopMax: 6, rngSeed: 2, "last 5 steps");

    /// <summary>Episodes of 3 steps, terminated and truncated, inside 8 no-ops.</summary>
    [Check(Weight = 2, Description = "an episode that ends during the no-ops: Reset() without the seed, the count goes on")]
    public static void EpisodeEndsDuringTheNoops(NoopReset f)
    {
        int rngSeed = RngSeedDrawing(8, 10);
        Verify(f, [(3, SpyEnd.Terminated), (3, SpyEnd.Truncated), (100, SpyEnd.Terminated)], [5], noopMax: 10, rngSeed,
            "end after 3 steps (terminated, then truncated), n = 8");
    }

    /// <summary>The last no-op ends the episode: the agent starts from the new episode's first observation.</summary>
    [Check(Description = "the last no-op ends the episode: return the new episode's first observation")]
    public static void LastNoopEndsTheEpisode(NoopReset f) =>
        Verify(f, [(3, SpyEnd.Terminated), (100, SpyEnd.Terminated)], [0], noopMax: 6, RngSeedDrawing(3, 6), "last 3 steps, then 100, n = 3");
}
