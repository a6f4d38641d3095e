namespace CourseKit.Envs;

/// <summary>Thrown by <see cref="EnvChecker.Check{TObs, TAct}(Env{TObs, TAct}, int, int)"/>; the message lists every problem found.</summary>
public sealed class EnvCheckException(string envId, IReadOnlyList<string> problems)
    : Exception($"{envId} fails the env checker:\n  - {string.Join("\n  - ", problems)}")
{
    /// <summary>Each problem, one sentence each.</summary>
    public IReadOnlyList<string> Problems { get; } = problems;
}

/// <summary>
/// Checks that an env keeps Gymnasium's contract (the counterpart of <c>gymnasium.utils.env_checker.check_env</c>):
/// spaces present, Reset/Step shapes, observations inside the observation space, finite rewards, the same
/// trajectory for the same seed and actions, bad actions rejected, stepping past the end of an episode
/// handled (no exception), and rendering to SVG and RGB.
/// </summary>
public static class EnvChecker
{
    /// <summary>Checks a fresh env from <paramref name="makeEnv"/> (so Step-before-Reset can be tested too), then the contract.</summary>
    /// <exception cref="EnvCheckException">Something is wrong; the message lists everything found.</exception>
    public static void Check<TObs, TAct>(Func<Env<TObs, TAct>> makeEnv, int seed = 0, int maxSteps = 1000)
    {
        var problems = new List<string>();
        var fresh = makeEnv();
        try
        {
            fresh.Step(SampleAction(fresh, seed));
            problems.Add("Step before Reset did not throw (it should throw InvalidOperationException)");
        }
        catch (InvalidOperationException) { }
        catch (Exception e) { problems.Add($"Step before Reset threw {e.GetType().Name} instead of InvalidOperationException"); }
        var env = makeEnv();
        problems.AddRange(Problems(env, seed, maxSteps));
        if (problems.Count > 0) throw new EnvCheckException(EnvErrors.Name(env.Id), problems);
    }

    /// <summary>Checks <paramref name="env"/> (which is reset and stepped in the process).</summary>
    /// <exception cref="EnvCheckException">Something is wrong; the message lists everything found.</exception>
    public static void Check<TObs, TAct>(Env<TObs, TAct> env, int seed = 0, int maxSteps = 1000)
    {
        var problems = Problems(env, seed, maxSteps);
        if (problems.Count > 0) throw new EnvCheckException(EnvErrors.Name(env.Id), problems);
    }

    /// <summary>Everything <see cref="Check{TObs, TAct}(Env{TObs, TAct}, int, int)"/> would complain about (empty when the env is fine).</summary>
    public static IReadOnlyList<string> Problems<TObs, TAct>(Env<TObs, TAct> env, int seed = 0, int maxSteps = 1000)
    {
        ArgumentNullException.ThrowIfNull(env);
        var problems = new List<string>();
        if (env.ObservationSpace is null || env.ActionSpace is null)
        {
            problems.Add("ObservationSpace or ActionSpace is null");
            return problems;
        }
        using var quiet = EnvWarnings.Suppress();
        try
        {
            var first = Rollout(env, seed, maxSteps, problems);
            var second = Rollout(env, seed, maxSteps, problems: null);
            if (!SameTrajectory(first, second)) problems.Add($"two episodes from Reset(seed: {seed}) with the same actions differ: the env is not deterministic under a seed");
            CheckUnseededReset(env, problems);
            CheckPastTheEnd(env, seed, maxSteps, problems);
            CheckBadActions(env, seed, problems);
            CheckRender(env, problems);
        }
        catch (Exception e)
        {
            problems.Add($"unexpected {e.GetType().Name}: {e.Message}");
        }
        return problems;
    }

    sealed record Trajectory<TObs>(List<TObs> Observations, List<double> Rewards, List<(bool, bool)> Flags);

    static Trajectory<TObs> Rollout<TObs, TAct>(Env<TObs, TAct> env, int seed, int maxSteps, List<string>? problems)
    {
        var trajectory = new Trajectory<TObs>([], [], []);
        var (obs, info) = env.Reset(seed);
        if (info is null) problems?.Add("Reset returned a null info (return EnvInfo.Empty instead)");
        if (!env.ObservationSpace.Contains(obs)) problems?.Add($"the observation after Reset(seed: {seed}) is outside the observation space {env.ObservationSpace}");
        trajectory.Observations.Add(Copy(obs));
        var actions = new NumpyRandom(seed);
        for (int t = 0; t < maxSteps; t++)
        {
            var s = env.Step(env.ActionSpace.Sample(actions));
            if (s.Info is null) problems?.Add($"step {t} returned a null info");
            if (!env.ObservationSpace.Contains(s.Observation)) problems?.Add($"the observation at step {t} is outside the observation space {env.ObservationSpace}");
            if (!double.IsFinite(s.Reward)) problems?.Add($"step {t} returned the reward {s.Reward}; rewards must be finite");
            trajectory.Observations.Add(Copy(s.Observation));
            trajectory.Rewards.Add(s.Reward);
            trajectory.Flags.Add((s.Terminated, s.Truncated));
            if (problems is not null && problems.Count > 5) break;
            if (s.Terminated || s.Truncated) break;
        }
        return trajectory;
    }

    static bool SameTrajectory<TObs>(Trajectory<TObs> a, Trajectory<TObs> b) =>
        a.Rewards.SequenceEqual(b.Rewards) && a.Flags.SequenceEqual(b.Flags) &&
        a.Observations.Count == b.Observations.Count &&
        a.Observations.Zip(b.Observations).All(p => SameObservation(p.First, p.Second));

    static void CheckUnseededReset<TObs, TAct>(Env<TObs, TAct> env, List<string> problems)
    {
        var (obs, _) = env.Reset();
        if (!env.ObservationSpace.Contains(obs)) problems.Add("the observation after Reset() without a seed is outside the observation space");
    }

    static void CheckPastTheEnd<TObs, TAct>(Env<TObs, TAct> env, int seed, int maxSteps, List<string> problems)
    {
        env.Reset(seed);
        var actions = new NumpyRandom(seed + 1);
        for (int t = 0; t < maxSteps; t++)
        {
            var s = env.Step(env.ActionSpace.Sample(actions));
            if (!(s.Terminated || s.Truncated)) continue;
            try
            {
                var after = env.Step(env.ActionSpace.Sample(actions));
                if (!double.IsFinite(after.Reward)) problems.Add("a step after the episode ended returned a non-finite reward");
            }
            catch (Exception e)
            {
                problems.Add($"a step after the episode ended threw {e.GetType().Name} (documented behaviour: carry on as Gymnasium does, with a warning)");
            }
            return;
        }
    }

    static void CheckBadActions<TObs, TAct>(Env<TObs, TAct> env, int seed, List<string> problems)
    {
        var bad = new List<(string What, TAct Action)>();
        switch (env.ActionSpace)
        {
            case Discrete d when typeof(TAct) == typeof(int):
                bad.Add(($"action {d.Start + d.N}", (TAct)(object)(d.Start + d.N)));
                bad.Add(($"action {d.Start - 1}", (TAct)(object)(d.Start - 1)));
                break;
            case Box b when typeof(TAct) == typeof(float[]):
                bad.Add(("an action of the wrong length", (TAct)(object)new float[b.Size + 1]));
                var nan = new float[b.Size];
                nan[0] = float.NaN;
                bad.Add(("a NaN action", (TAct)(object)nan));
                break;
        }
        foreach (var (what, action) in bad)
        {
            env.Reset(seed);
            try
            {
                env.Step(action);
                problems.Add($"Step accepted {what}; it should throw an ArgumentException naming the env, the space and the value");
            }
            catch (ArgumentException e) when (e.Message.Contains(EnvErrors.Name(env.Id))) { }
            catch (Exception e) { problems.Add($"Step with {what} threw {e.GetType().Name} without naming the env: {e.Message}"); }
        }
    }

    static void CheckRender<TObs, TAct>(Env<TObs, TAct> env, List<string> problems)
    {
        var frame = env.Render();
        if (frame is null) { problems.Add("Render returned null"); return; }
        if (!frame.ToSvg().StartsWith("<svg", StringComparison.Ordinal)) problems.Add("Render().ToSvg() is not an <svg> document");
        var rgb = frame.ToRgb(64, 48);
        if (rgb.Width != 64 || rgb.Height != 48 || rgb.Pixels.Length != 64 * 48 * 3) problems.Add("Render().ToRgb(64, 48) is not a 64 x 48 RGB image");
    }

    static TAct SampleAction<TObs, TAct>(Env<TObs, TAct> env, int seed) => env.ActionSpace.Sample(new NumpyRandom(seed));

    static TObs Copy<TObs>(TObs obs) => obs is float[] a ? (TObs)(object)a.Clone() : obs;

    static bool SameObservation<TObs>(TObs a, TObs b) =>
        a is float[] x && b is float[] y
            ? x.AsSpan().SequenceEqual(y)
            : EqualityComparer<TObs>.Default.Equals(a, b);
}
