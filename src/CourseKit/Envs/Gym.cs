namespace CourseKit.Envs;

/// <summary>A registered environment: how to build it and which wrappers <see cref="Gym.Make(string, int?)"/> adds.</summary>
/// <param name="Id">The name to pass to <c>Gym.Make</c>, e.g. <c>"CartPole-v1"</c>.</param>
/// <param name="ObservationType">The observation type, the first type argument of <c>Gym.Make&lt;TObs, TAct&gt;</c>.</param>
/// <param name="ActionType">The action type, the second type argument.</param>
/// <param name="MaxEpisodeSteps">The TimeLimit Gymnasium registers (null: no time limit).</param>
/// <param name="RewardThreshold">The return at which Gymnasium considers the task solved, if it names one.</param>
public sealed record EnvSpec(string Id, Type ObservationType, Type ActionType, int? MaxEpisodeSteps, double? RewardThreshold)
{
    internal Func<object> Create { get; init; } = () => throw new InvalidOperationException("no factory");

    /// <summary>The C# call that makes this env, e.g. <c>Gym.Make&lt;int, int&gt;("FrozenLake-v1")</c>.</summary>
    public string MakeCall =>
        ObservationType == typeof(float[]) && ActionType == typeof(int)
            ? $"Gym.Make(\"{Id}\")"
            : $"Gym.Make<{Gym.TypeName(ObservationType)}, {Gym.TypeName(ActionType)}>(\"{Id}\")";
}

/// <summary>
/// The registry of environments (Gymnasium's <c>gym.make</c>). <c>Gym.Make("CartPole-v1")</c> builds the
/// env and wraps it in the <see cref="TimeLimit{TObs, TAct}"/> Gymnasium registers for it.
/// </summary>
public static class Gym
{
    static readonly Dictionary<string, EnvSpec> s_specs = new(StringComparer.Ordinal);
    static readonly Lock s_lock = new();

    static Gym()
    {
        Register("CartPole-v0", () => new CartPoleEnv(), maxEpisodeSteps: 200, rewardThreshold: 195.0);
        Register("CartPole-v1", () => new CartPoleEnv(), maxEpisodeSteps: 500, rewardThreshold: 475.0);
        Register("MountainCar-v0", () => new MountainCarEnv(), maxEpisodeSteps: 200, rewardThreshold: -110.0);
        Register("MountainCarContinuous-v0", () => new MountainCarContinuousEnv(), maxEpisodeSteps: 999, rewardThreshold: 90.0);
        Register("Pendulum-v1", () => new PendulumEnv(), maxEpisodeSteps: 200);
        Register("Acrobot-v1", () => new AcrobotEnv(), maxEpisodeSteps: 500, rewardThreshold: -100.0);
        Register("FrozenLake-v1", () => new FrozenLakeEnv(FrozenLakeMaps.Map4x4), maxEpisodeSteps: 100, rewardThreshold: 0.70);
        Register("FrozenLake8x8-v1", () => new FrozenLakeEnv(FrozenLakeMaps.Map8x8), maxEpisodeSteps: 200, rewardThreshold: 0.85);
        Register("CliffWalking-v1", () => new CliffWalkingEnv());
        Register("CliffWalkingSlippery-v1", () => new CliffWalkingEnv(isSlippery: true));
        Register("PixelCatch-v0", () => new PixelCatchEnv());
        Register("CarTrack-v0", () => new CarTrackEnv(), maxEpisodeSteps: 400);
        Register("ArmReach-v0", () => new ArmReachEnv(), maxEpisodeSteps: 100);
        Register("ArmPush-v0", () => new ArmPushEnv(), maxEpisodeSteps: 100);
    }

    /// <summary>
    /// Makes an env with <c>float[]</c> observations and <c>int</c> actions (CartPole-v1, MountainCar-v0,
    /// Acrobot-v1), wrapped in its registered time limit. For other envs use <see cref="Make{TObs, TAct}"/>.
    /// </summary>
    /// <param name="id">A registered name, e.g. <c>"CartPole-v1"</c>.</param>
    /// <param name="maxEpisodeSteps">Overrides the registered step limit.</param>
    public static Env<float[], int> Make(string id, int? maxEpisodeSteps = null) => Make<float[], int>(id, maxEpisodeSteps);

    /// <summary>
    /// Makes any registered env, wrapped in its registered time limit: e.g.
    /// <c>Gym.Make&lt;int, int&gt;("FrozenLake-v1")</c> or <c>Gym.Make&lt;float[], float[]&gt;("Pendulum-v1")</c>.
    /// </summary>
    /// <exception cref="ArgumentException">Unknown id, or type arguments that do not fit the env (the message names the right ones).</exception>
    public static Env<TObs, TAct> Make<TObs, TAct>(string id, int? maxEpisodeSteps = null)
    {
        var spec = Spec(id);
        if (spec.ObservationType != typeof(TObs) || spec.ActionType != typeof(TAct))
            throw new ArgumentException(
                $"{id} has {TypeName(spec.ObservationType)} observations and {TypeName(spec.ActionType)} actions, " +
                $"but Env<{TypeName(typeof(TObs))}, {TypeName(typeof(TAct))}> was asked for: use {spec.MakeCall}.", nameof(id));
        var env = (Env<TObs, TAct>)spec.Create();
        env.Unwrapped.Id = spec.Id;
        int? limit = maxEpisodeSteps ?? spec.MaxEpisodeSteps;
        return limit is int steps ? new TimeLimit<TObs, TAct>(env, steps) : env;
    }

    /// <summary>
    /// <paramref name="count"/> copies of a registered env with <c>float[]</c> observations, each wrapped as
    /// <see cref="Make{TObs, TAct}"/> wraps it, stepped together (Gymnasium's <c>gym.make_vec(id, n, "sync")</c>).
    /// </summary>
    public static VectorEnv<TAct> MakeVector<TAct>(string id, int count, AutoresetMode autoreset = AutoresetMode.NextStep) =>
        new(() => Make<float[], TAct>(id), count, autoreset);

    /// <summary><paramref name="count"/> copies of a discrete-action env such as CartPole-v1, stepped together.</summary>
    public static VectorEnv<int> MakeVector(string id, int count, AutoresetMode autoreset = AutoresetMode.NextStep) =>
        MakeVector<int>(id, count, autoreset);

    /// <summary>The registration of <paramref name="id"/>.</summary>
    /// <exception cref="ArgumentException">No env of that name (the message lists the registered ones).</exception>
    public static EnvSpec Spec(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (s_lock)
        {
            if (s_specs.TryGetValue(id, out var spec)) return spec;
            var close = s_specs.Keys.FirstOrDefault(k => string.Equals(k, id, StringComparison.OrdinalIgnoreCase));
            string hint = close is null ? "" : $" Did you mean \"{close}\"?";
            throw new ArgumentException($"No environment named \"{id}\".{hint} Registered: {string.Join(", ", s_specs.Keys.Order())}.", nameof(id));
        }
    }

    /// <summary>Every registered env, by id.</summary>
    public static IReadOnlyList<EnvSpec> Registry
    {
        get { lock (s_lock) return [.. s_specs.Values.OrderBy(s => s.Id, StringComparer.Ordinal)]; }
    }

    /// <summary>Registers an env so <see cref="Make{TObs, TAct}"/> can build it (replacing any registration of the same id).</summary>
    public static void Register<TObs, TAct>(string id, Func<Env<TObs, TAct>> factory, int? maxEpisodeSteps = null, double? rewardThreshold = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(factory);
        if (maxEpisodeSteps is <= 0) throw new ArgumentOutOfRangeException(nameof(maxEpisodeSteps), maxEpisodeSteps, "the step limit must be positive");
        var spec = new EnvSpec(id, typeof(TObs), typeof(TAct), maxEpisodeSteps, rewardThreshold) { Create = factory };
        lock (s_lock) s_specs[id] = spec;
    }

    internal static string TypeName(Type t) =>
        t == typeof(int) ? "int" : t == typeof(float) ? "float" : t == typeof(double) ? "double" :
        t == typeof(float[]) ? "float[]" : t == typeof(int[]) ? "int[]" : t == typeof(double[]) ? "double[]" : t.Name;
}
