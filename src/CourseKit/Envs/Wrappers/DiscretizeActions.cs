namespace CourseKit.Envs;

/// <summary>
/// Turns a continuous (Box) action space into <c>Discrete(n)</c>: action <c>i</c> means the continuous action
/// <see cref="Actions"/>[i]. Either a grid of bin centres per dimension (Gymnasium's <c>DiscretizeAction</c>,
/// flattened with the last dimension varying fastest) or your own list of actions. This is how DQN,
/// which needs a finite set of actions, controls Pendulum or a planar arm.
/// </summary>
public sealed class DiscretizeActions<TObs> : Env<TObs, int>
{
    readonly float[][] _actions;
    readonly Discrete _space;

    /// <summary>Each dimension split into <paramref name="binsPerDimension"/> equal bins; the actions are the bin centres.</summary>
    public DiscretizeActions(Env<TObs, float[]> env, int binsPerDimension)
        : this(env, GridActions(env, binsPerDimension)) { }

    /// <summary>Exactly the given continuous actions, in order (each must have the action space's length).</summary>
    public DiscretizeActions(Env<TObs, float[]> env, IReadOnlyList<float[]> actions)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(actions);
        var box = BoxOf(env);
        if (actions.Count == 0) throw new ArgumentException("DiscretizeActions needs at least one action", nameof(actions));
        for (int i = 0; i < actions.Count; i++)
            if (actions[i] is null || actions[i].Length != box.Size)
                throw new ArgumentException($"DiscretizeActions: action {i} has {actions[i]?.Length ?? 0} values, but {env.Id}'s action space {box} needs {box.Size}", nameof(actions));
        Inner = env;
        _actions = [.. actions.Select(a => (float[])a.Clone())];
        _space = new Discrete(_actions.Length);
    }

    /// <summary>The wrapped continuous-action env.</summary>
    public Env<TObs, float[]> Inner { get; }

    /// <summary>The continuous action each discrete action stands for (copies).</summary>
    public IReadOnlyList<float[]> Actions => [.. _actions.Select(a => (float[])a.Clone())];

    /// <inheritdoc/>
    public override string Id => Inner.Id;

    /// <inheritdoc/>
    public override Space<TObs> ObservationSpace => Inner.ObservationSpace;

    /// <inheritdoc/>
    public override Space<int> ActionSpace => _space;

    /// <inheritdoc/>
    public override NumpyRandom NpRandom => Inner.NpRandom;

    /// <inheritdoc/>
    public override (TObs obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null) => Inner.Reset(seed);

    /// <summary>Applies the continuous action <c>Actions[action]</c>.</summary>
    public override Step<TObs> Step(int action) => Inner.Step(Lookup(action));

    internal override StepOutcome StepInto(int action, Span<float> observation) => Inner.StepInto(Lookup(action), observation);

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation) => Inner.ResetInto(seed, observation);

    /// <inheritdoc/>
    public override Frame Render() => Inner.Render();

    /// <inheritdoc/>
    public override void Close() => Inner.Close();

    float[] Lookup(int action)
    {
        if (!_space.Contains(action)) throw EnvErrors.ActionOutside($"DiscretizeActions({Id})", _space, action);
        return _actions[action];
    }

    static Box BoxOf(Env<TObs, float[]> env) =>
        env.ActionSpace as Box ?? throw new ArgumentException($"DiscretizeActions needs a Box action space, {env.Id} has {env.ActionSpace}", nameof(env));

    // Bin centres as Gymnasium computes them: the mean of consecutive points of linspace(low, high, bins + 1).
    static float[][] GridActions(Env<TObs, float[]> env, int bins)
    {
        var box = BoxOf(env);
        if (bins < 1) throw new ArgumentOutOfRangeException(nameof(bins), bins, "each dimension needs at least one bin");
        if (!box.IsBounded) throw new ArgumentException($"DiscretizeActions needs finite action bounds, {env.Id} has {box}", nameof(env));
        var centres = new double[box.Size][];
        for (int d = 0; d < box.Size; d++)
        {
            double low = box.LowAt(d), high = box.HighAt(d), step = (high - low) / bins;
            double Edge(int k) => k == bins ? high : k * step + low;
            centres[d] = [.. Enumerable.Range(0, bins).Select(k => 0.5 * (Edge(k) + Edge(k + 1)))];
        }
        int count = (int)Math.Pow(bins, box.Size);
        var actions = new float[count][];
        for (int flat = 0; flat < count; flat++)
        {
            actions[flat] = new float[box.Size];
            int rest = flat;
            for (int d = box.Size - 1; d >= 0; d--)
            {
                actions[flat][d] = (float)centres[d][rest % bins];
                rest /= bins;
            }
        }
        return actions;
    }
}
