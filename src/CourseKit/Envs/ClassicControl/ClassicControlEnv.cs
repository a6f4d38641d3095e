namespace CourseKit.Envs;

/// <summary>
/// What the classic-control envs share: a float64 internal <see cref="State"/> (Gymnasium's
/// <c>env.unwrapped.state</c>), float32 observations computed from it, and the step contract
/// (no Step before Reset; stepping an ended episode warns once and carries on as Gymnasium does).
/// </summary>
/// <typeparam name="TAct"><c>int</c> for discrete pushes, <c>float[]</c> for continuous torques/forces.</typeparam>
public abstract class ClassicControlEnv<TAct> : FloatArrayEnv<TAct>
{
    readonly Box _observationSpace;
    readonly Space<TAct> _actionSpace;
    readonly int _stateSize;
    double[]? _state;
    bool _terminatedEarlier, _warned;

    /// <summary>Sets up an env called <paramref name="id"/> with its spaces and the length of its state.</summary>
    protected ClassicControlEnv(string id, Box observationSpace, Space<TAct> actionSpace, int stateSize)
    {
        Id = id;
        _observationSpace = observationSpace;
        _actionSpace = actionSpace;
        _stateSize = stateSize;
    }

    /// <inheritdoc/>
    public sealed override Space<float[]> ObservationSpace => _observationSpace;

    /// <inheritdoc/>
    public sealed override Space<TAct> ActionSpace => _actionSpace;

    /// <summary>
    /// The internal float64 state (Gymnasium's <c>env.unwrapped.state</c>): the live array, so a test
    /// or a lesson can start an episode from any state by assigning it after <c>Reset</c>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Read before the first Reset.</exception>
    public double[] State
    {
        get => _state ?? throw new InvalidOperationException($"{EnvErrors.Name(Id)}: there is no state before the first Reset.");
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (value.Length != _stateSize)
                throw new ArgumentException($"{EnvErrors.Name(Id)}: the state has {_stateSize} values, got {value.Length}.", nameof(value));
            if (_state is null) _state = (double[])value.Clone();
            else value.CopyTo(_state, 0); // keep the live array the same object
            _terminatedEarlier = false;
            _warned = false;
        }
    }

    /// <summary>Draws the initial state into <paramref name="state"/> from <paramref name="random"/>, exactly as Gymnasium's reset does.</summary>
    protected abstract void InitialState(NumpyRandom random, double[] state);

    /// <summary>Rejects an action outside the action space.</summary>
    protected abstract void CheckAction(TAct action);

    /// <summary>Advances <paramref name="state"/> in place by one action; returns the reward and whether the episode terminated.</summary>
    protected abstract (double Reward, bool Terminated) Advance(double[] state, TAct action);

    /// <summary>Writes the float32 observation of <paramref name="state"/>.</summary>
    protected abstract void Observe(double[] state, Span<float> observation);

    /// <summary>The reward Gymnasium gives for a step taken after termination (by default the same as any step).</summary>
    protected virtual double RewardAfterTermination(double reward) => reward;

    /// <summary>Draws <paramref name="state"/>.</summary>
    protected abstract Frame Draw(double[] state);

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        SeedGenerator(seed);
        _state ??= new double[_stateSize]; // reused across episodes so autoresets allocate nothing
        InitialState(NpRandom, _state);
        _terminatedEarlier = false;
        _warned = false;
        Observe(_state, observation);
        return EnvInfo.Empty;
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var state = _state ?? throw EnvErrors.StepBeforeReset(Id);
        CheckAction(action);
        var (reward, terminated) = Advance(state, action);
        if (_terminatedEarlier)
        {
            if (!_warned)
            {
                _warned = true;
                EnvWarnings.Warn($"{EnvErrors.Name(Id)}: Step was called after the episode terminated. Call Reset() once Terminated is true; further steps follow Gymnasium's (undefined) behaviour.");
            }
            reward = RewardAfterTermination(reward);
        }
        _terminatedEarlier |= terminated;
        Observe(state, observation);
        return new StepOutcome(reward, terminated, false, EnvInfo.Empty);
    }

    /// <inheritdoc/>
    public override Frame Render() => Draw(_state ?? throw new InvalidOperationException($"{EnvErrors.Name(Id)}: nothing to render before the first Reset."));
}
