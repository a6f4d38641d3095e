using CourseKit.Display;
using CourseKit.Envs;

namespace CourseKit.Rl;

/// <summary>
/// Collecting experience with a policy, as CS285's <c>sample_trajectory</c> family: every rollout starts
/// with <c>Reset</c> and stops when the episode terminates, is truncated, or reaches <c>maxLength</c> steps.
/// </summary>
public static class Rollouts
{
    /// <summary>One rollout of at most <paramref name="maxLength"/> steps.</summary>
    /// <param name="env">The environment (reset at the start).</param>
    /// <param name="policy">Chooses an action for an observation.</param>
    /// <param name="maxLength">Step limit of this rollout.</param>
    /// <param name="seed">Seed for the first Reset; null continues the env's generator.</param>
    public static Trajectory<TObs, TAct> SampleTrajectory<TObs, TAct>(Env<TObs, TAct> env, Func<TObs, TAct> policy, int maxLength, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(policy);
        if (maxLength < 1) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "SampleTrajectory: maxLength must be at least 1.");
        var (obs, _) = env.Reset(seed);
        var observations = new List<TObs>(); var actions = new List<TAct>(); var rewards = new List<double>();
        var next = new List<TObs>(); var terminals = new List<bool>();
        bool truncated = false;
        for (int t = 0; t < maxLength; t++)
        {
            var action = policy(obs);
            var s = env.Step(action);
            observations.Add(obs); actions.Add(action); rewards.Add(s.Reward);
            next.Add(s.Observation);
            // Only a real terminal state stops bootstrapping; a time limit or maxLength just ends the rollout.
            terminals.Add(s.Terminated);
            obs = s.Observation;
            bool rolloutDone = s.Terminated || s.Truncated || t == maxLength - 1;
            if (rolloutDone)
            {
                truncated = !s.Terminated;
                break;
            }
        }
        return new Trajectory<TObs, TAct>([.. observations], [.. actions], [.. rewards], [.. next], [.. terminals], truncated);
    }

    /// <summary>Rollouts until together they hold at least <paramref name="minTimesteps"/> steps.</summary>
    public static List<Trajectory<TObs, TAct>> SampleTrajectories<TObs, TAct>(Env<TObs, TAct> env, Func<TObs, TAct> policy, int minTimesteps, int maxLength, int? seed = null)
    {
        if (minTimesteps < 1) throw new ArgumentOutOfRangeException(nameof(minTimesteps), minTimesteps, "SampleTrajectories: minTimesteps must be at least 1.");
        var result = new List<Trajectory<TObs, TAct>>();
        int steps = 0;
        while (steps < minTimesteps)
        {
            var t = SampleTrajectory(env, policy, maxLength, result.Count == 0 ? seed : null);
            result.Add(t);
            steps += t.Length;
        }
        return result;
    }

    /// <summary>Exactly <paramref name="n"/> rollouts.</summary>
    public static List<Trajectory<TObs, TAct>> SampleNTrajectories<TObs, TAct>(Env<TObs, TAct> env, Func<TObs, TAct> policy, int n, int maxLength, int? seed = null)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n), n, "SampleNTrajectories: n must be at least 1.");
        var result = new List<Trajectory<TObs, TAct>>(n);
        for (int i = 0; i < n; i++) result.Add(SampleTrajectory(env, policy, maxLength, i == 0 ? seed : null));
        return result;
    }
}

/// <summary>Returns of a policy over several episodes.</summary>
/// <param name="Returns">Each episode's return.</param>
/// <param name="Lengths">Each episode's length.</param>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed record EvaluationResult(double[] Returns, int[] Lengths) : IHtmlDisplayable
{
    /// <summary>A one-row summary table followed by every episode's return.</summary>
    public string ToHtml() =>
        "<table class=\"coursekit-eval\"><tr><th>episodes</th><th>mean return</th><th>std</th><th>min</th><th>max</th><th>mean length</th></tr>" +
        $"<tr><td>{Returns.Length}</td><td><b>{Html.Num(Mean, "0.00")}</b></td><td>{Html.Num(Std, "0.00")}</td><td>{Html.Num(Min, "G6")}</td><td>{Html.Num(Max, "G6")}</td><td>{Html.Num(MeanLength, "0.0")}</td></tr></table>" +
        $"<div style=\"font-family:monospace;font-size:smaller\">returns: {string.Join(", ", Returns.Select(r => Html.Num(r, "G6")))}</div>";

    /// <summary>Mean return.</summary>
    public double Mean => Returns.Average();
    /// <summary>Population standard deviation of the returns.</summary>
    public double Std => Math.Sqrt(Returns.Select(r => (r - Mean) * (r - Mean)).Average());
    /// <summary>Lowest return.</summary>
    public double Min => Returns.Min();
    /// <summary>Highest return.</summary>
    public double Max => Returns.Max();
    /// <summary>Mean episode length.</summary>
    public double MeanLength => Lengths.Average();

    /// <inheritdoc />
    public override string ToString() =>
        $"{Returns.Length} episodes: mean return {Mean:F2} ± {Std:F2} (min {Min:G6}, max {Max:G6}), mean length {MeanLength:F1}";
}

/// <summary>Measuring a policy.</summary>
public static class Evaluation
{
    /// <summary>
    /// Runs <paramref name="episodes"/> full episodes (until terminated or truncated, so wrap the env in a
    /// time limit, as <c>Gym.Make</c> does) and reports their returns. The first Reset uses <paramref name="seed"/>,
    /// so the same seed evaluates on the same start states.
    /// </summary>
    public static EvaluationResult Evaluate<TObs, TAct>(Func<TObs, TAct> policy, Env<TObs, TAct> env, int episodes = 10, int? seed = 0, int maxSteps = 100_000)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(env);
        if (episodes < 1) throw new ArgumentOutOfRangeException(nameof(episodes), episodes, "Evaluate: episodes must be at least 1.");
        var returns = new double[episodes];
        var lengths = new int[episodes];
        for (int e = 0; e < episodes; e++)
        {
            var (obs, _) = env.Reset(e == 0 ? seed : null);
            double ret = 0;
            int len = 0;
            while (true)
            {
                var s = env.Step(policy(obs));
                ret += s.Reward;
                len++;
                obs = s.Observation;
                if (s.Terminated || s.Truncated) break;
                if (len >= maxSteps)
                    throw new InvalidOperationException($"Evaluate: an episode ran {maxSteps} steps without ending; wrap the env in a TimeLimit (Gym.Make does) or raise maxSteps.");
            }
            returns[e] = ret;
            lengths[e] = len;
        }
        return new EvaluationResult(returns, lengths);
    }
}
