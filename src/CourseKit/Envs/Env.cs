namespace CourseKit.Envs;

/// <summary>
/// An environment with Gymnasium's contract: <see cref="Reset"/> starts an episode and returns the
/// first observation; <see cref="Step"/> applies an action and returns what happened.
/// Everything else (time limits, statistics, frame stacks) is added by wrappers.
/// </summary>
/// <typeparam name="TObs">Observation type: <c>float[]</c> for Box spaces, <c>int</c> for Discrete ones.</typeparam>
/// <typeparam name="TAct">Action type: <c>int</c> for Discrete spaces, <c>float[]</c> for Box ones.</typeparam>
public abstract class Env<TObs, TAct> : IDisposable
{
    NumpyRandom? _npRandom;

    /// <summary>The registered name, e.g. <c>"CartPole-v1"</c>; error messages start with it.</summary>
    public virtual string Id { get; protected internal set; } = "";

    /// <summary>What observations look like: every observation is inside this space.</summary>
    public abstract Space<TObs> ObservationSpace { get; }

    /// <summary>Which actions are allowed: <see cref="Step"/> rejects anything outside this space.</summary>
    public abstract Space<TAct> ActionSpace { get; }

    /// <summary>
    /// Starts a new episode. With a <paramref name="seed"/> the env's random generator is re-created
    /// from it (same seed, same episode start, exactly as Gymnasium draws it); without one the
    /// generator carries on, so seed once and then call <c>Reset()</c>.
    /// </summary>
    /// <returns>The first observation and an info dictionary (often empty).</returns>
    public abstract (TObs obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null);

    /// <summary>
    /// Applies one action. <see cref="Step{TObs}.Terminated"/> means the task itself ended (the pole
    /// fell, the goal was reached); <see cref="Step{TObs}.Truncated"/> means the episode was cut
    /// short (a time limit). Call <see cref="Reset"/> when either is true.
    /// </summary>
    /// <remarks>
    /// Stepping an episode that has already ended does not throw: as in Gymnasium the env carries on
    /// (CartPole pays 0 after termination, FrozenLake's holes and goal absorb the agent, a
    /// <see cref="TimeLimit{TObs, TAct}"/> keeps reporting <c>Truncated</c>) and one warning per episode
    /// goes to <see cref="EnvWarnings.Handler"/>.
    /// </remarks>
    /// <exception cref="InvalidOperationException">Step before the first Reset.</exception>
    /// <exception cref="ArgumentException">The action is not in <see cref="ActionSpace"/>.</exception>
    public abstract Step<TObs> Step(TAct action);

    /// <summary>Draws the current state: the frame turns into SVG (<see cref="Frame.ToSvg"/>) or pixels (<see cref="Frame.ToRgb(int, int)"/>).</summary>
    public abstract Frame Render();

    /// <summary>Releases whatever the env holds; the managed envs hold nothing, so this is optional.</summary>
    public virtual void Close() { }

    /// <inheritdoc cref="Close"/>
    public void Dispose()
    {
        Close();
        GC.SuppressFinalize(this);
    }

    /// <summary>The innermost env under all wrappers (Gymnasium's <c>env.unwrapped</c>).</summary>
    public virtual Env<TObs, TAct> Unwrapped => this;

    /// <summary>
    /// The env's own random generator (Gymnasium's <c>env.np_random</c>), created from operating-system
    /// entropy if no seed was ever given. Wrappers share their inner env's generator.
    /// </summary>
    public virtual NumpyRandom NpRandom
    {
        get => _npRandom ??= NumpyRandom.FromEntropy();
        protected set => _npRandom = value;
    }

    /// <summary>Re-creates the generator when a seed is given, as Gymnasium's <c>super().reset(seed=seed)</c> does.</summary>
    protected void SeedGenerator(int? seed)
    {
        if (seed is int s)
        {
            if (s < 0) throw new ArgumentOutOfRangeException(nameof(seed), s, $"{Id}: a seed must be non-negative (Gymnasium's rule)");
            _npRandom = new NumpyRandom(s);
        }
    }

    /// <summary>
    /// Fast path for vector envs: steps and writes the observation into <paramref name="observation"/>
    /// instead of returning a new array. Envs without a faster way copy the result of <see cref="Step"/>.
    /// </summary>
    internal virtual StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var s = Step(action);
        EnvErrors.CopyObservation(Id, s.Observation, observation);
        return new StepOutcome(s.Reward, s.Terminated, s.Truncated, s.Info);
    }

    /// <summary>Fast path for vector envs: resets and writes the first observation into <paramref name="observation"/>.</summary>
    internal virtual IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        var (obs, info) = Reset(seed);
        EnvErrors.CopyObservation(Id, obs, observation);
        return info;
    }

    /// <inheritdoc/>
    public override string ToString() => string.IsNullOrEmpty(Id) ? GetType().Name : $"{GetType().Name}<{Id}>";
}

/// <summary>What one <see cref="Env{TObs,TAct}.Step"/> returned: Gymnasium's <c>(obs, reward, terminated, truncated, info)</c>.</summary>
/// <param name="Observation">The observation after the action.</param>
/// <param name="Reward">The reward for this transition.</param>
/// <param name="Terminated">The task ended (a terminal state): do not bootstrap from <paramref name="Observation"/>.</param>
/// <param name="Truncated">The episode was cut short (time limit): the state is not terminal, so bootstrap as usual.</param>
/// <param name="Info">Extra diagnostics, e.g. <c>"prob"</c> for FrozenLake or <c>"episode"</c> from RecordEpisodeStatistics.</param>
public readonly record struct Step<TObs>(
    TObs Observation,
    double Reward,
    bool Terminated,
    bool Truncated,
    IReadOnlyDictionary<string, object> Info)
{
    /// <summary>The episode is over (<see cref="Terminated"/> or <see cref="Truncated"/>): time to Reset.</summary>
    public bool Done => Terminated || Truncated;

    /// <inheritdoc/>
    public override string ToString()
    {
        string obs = Observation switch
        {
            float[] a => "[" + string.Join(", ", a.Select(v => v.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))) + "]",
            null => "null",
            var o => o.ToString() ?? "",
        };
        string info = Info.Count == 0 ? "{}" : "{" + string.Join(", ", Info.Select(kv => $"{kv.Key}: {kv.Value}")) + "}";
        return $"Step {{ Observation = {obs}, Reward = {Reward.ToString(System.Globalization.CultureInfo.InvariantCulture)}, Terminated = {Terminated}, Truncated = {Truncated}, Info = {info} }}";
    }
}

/// <summary>A step's outcome without its observation (the vector env writes observations in place).</summary>
internal readonly record struct StepOutcome(double Reward, bool Terminated, bool Truncated, IReadOnlyDictionary<string, object> Info);
