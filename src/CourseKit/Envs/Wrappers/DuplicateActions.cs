namespace CourseKit.Envs;

/// <summary>
/// Gives every action of a <c>Discrete(n)</c> env <see cref="Copies"/> interchangeable buttons: the new action space is
/// <c>Discrete(n · copies)</c> and action <c>a</c> does what action <c>a % n</c> did. Copies of an action have exactly the
/// same true value, so whatever difference a learned Q-function shows between them is estimation error, the error that
/// a max over actions turns into the maximization bias; more copies, more bias.
/// </summary>
public sealed class DuplicateActions<TObs> : Wrapper<TObs, int>
{
    readonly Discrete _space;

    /// <summary>Repeats each of <paramref name="env"/>'s actions <paramref name="copies"/> times.</summary>
    public DuplicateActions(Env<TObs, int> env, int copies) : base(env)
    {
        if (env.ActionSpace is not Discrete inner || inner.Start != 0)
            throw new ArgumentException($"DuplicateActions needs an env whose actions are Discrete(n) starting at 0; {env.Id} has {env.ActionSpace}.", nameof(env));
        if (copies < 1)
            throw new ArgumentOutOfRangeException(nameof(copies), copies, "DuplicateActions: each action needs at least 1 copy (1 leaves the env as it is).");
        InnerActions = inner.N;
        Copies = copies;
        _space = new Discrete(inner.N * copies);
    }

    /// <summary>How many buttons each original action has.</summary>
    public int Copies { get; }

    /// <summary>The number of actions of the wrapped env, n.</summary>
    public int InnerActions { get; }

    /// <inheritdoc/>
    public override Space<int> ActionSpace => _space;

    /// <summary>The wrapped env's action that <paramref name="action"/> stands for: <c>action % n</c>.</summary>
    public int Original(int action)
    {
        if (!_space.Contains(action))
            throw new ArgumentOutOfRangeException(nameof(action), action, $"{EnvErrors.Name(Id)} with duplicated actions takes actions 0..{_space.N - 1}.");
        return action % InnerActions;
    }

    /// <inheritdoc/>
    public override Step<TObs> Step(int action) => Inner.Step(Original(action));

    internal override StepOutcome StepInto(int action, Span<float> observation) => Inner.StepInto(Original(action), observation);
}

/// <summary>Wraps an env in <see cref="DuplicateActions{TObs}"/>: <c>Gym.Make("CartPole-v1").WithDuplicatedActions(5)</c>.</summary>
public static class DuplicateActionsExtensions
{
    /// <summary>Gives each action <paramref name="copies"/> interchangeable buttons.</summary>
    public static DuplicateActions<TObs> WithDuplicatedActions<TObs>(this Env<TObs, int> env, int copies) => new(env, copies);
}
