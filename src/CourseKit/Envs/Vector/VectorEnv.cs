using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CourseKit.Envs;

/// <summary>When a <see cref="VectorEnv{TAct}"/> resets a sub-env whose episode ended.</summary>
public enum AutoresetMode
{
    /// <summary>
    /// Gymnasium's default: the step that ends an episode returns its real final observation; the next
    /// <c>Step</c> resets that sub-env (ignoring its action) and returns the first observation with reward 0
    /// and both flags false. Skip storing that one transition.
    /// </summary>
    NextStep,

    /// <summary>
    /// The sub-env is reset within the step that ended its episode: <see cref="VectorEnv{TAct}.Observations"/>
    /// already holds the new episode's first observation and the final one is in
    /// <see cref="VectorEnv{TAct}.FinalObservations"/>.
    /// </summary>
    SameStep,
}

/// <summary>
/// Runs several copies of an env in lock step on one thread (Gymnasium's <c>SyncVectorEnv</c>) and
/// returns batched arrays: row <c>i</c> of <see cref="Observations"/> belongs to sub-env <c>i</c>. The arrays
/// are allocated once and overwritten by every <see cref="Step"/>; copy what you keep. Stepping
/// allocates nothing for the built-in envs and wrappers.
/// </summary>
/// <typeparam name="TAct">The sub-envs' action type.</typeparam>
public sealed class VectorEnv<TAct> : IDisposable
{
    readonly Env<float[], TAct>[] _envs;
    readonly bool[] _needsReset;
    bool _started;

    /// <summary>A vector of <paramref name="count"/> envs made by <paramref name="makeEnv"/>.</summary>
    public VectorEnv(Func<Env<float[], TAct>> makeEnv, int count, AutoresetMode autoreset = AutoresetMode.NextStep)
        : this(Enumerable.Range(0, count > 0 ? count : throw new ArgumentOutOfRangeException(nameof(count), count, "a vector env needs at least one env")).Select(_ => makeEnv()), autoreset) { }

    /// <summary>A vector of the given envs, which must have the same observation size.</summary>
    public VectorEnv(IEnumerable<Env<float[], TAct>> envs, AutoresetMode autoreset = AutoresetMode.NextStep)
    {
        ArgumentNullException.ThrowIfNull(envs);
        _envs = [.. envs];
        if (_envs.Length == 0) throw new ArgumentException("a vector env needs at least one env", nameof(envs));
        var space = _envs[0].ObservationSpace as Box
                    ?? throw new ArgumentException($"VectorEnv needs Box observation spaces, {_envs[0].Id} has {_envs[0].ObservationSpace}", nameof(envs));
        foreach (var env in _envs)
            if (env.ObservationSpace is not Box b || b.Size != space.Size)
                throw new ArgumentException($"VectorEnv: every env needs the observation space {space}; {env.Id} has {env.ObservationSpace}", nameof(envs));
        Autoreset = autoreset;
        ObservationSize = space.Size;
        int n = _envs.Length;
        Observations = new float[n, ObservationSize];
        FinalObservations = new float[n, ObservationSize];
        HasFinalObservation = new bool[n];
        Rewards = new double[n];
        Terminated = new bool[n];
        Truncated = new bool[n];
        Infos = new IReadOnlyDictionary<string, object>[n];
        Array.Fill(Infos, EnvInfo.Empty);
        _needsReset = new bool[n];
        Result = new VectorStep(this);
    }

    /// <summary>How many sub-envs run side by side.</summary>
    public int NumEnvs => _envs.Length;

    /// <summary>The sub-envs (for inspection; stepping them directly desynchronises the vector).</summary>
    public IReadOnlyList<Env<float[], TAct>> Envs => _envs;

    /// <summary>The autoreset rule.</summary>
    public AutoresetMode Autoreset { get; }

    /// <summary>The values in one sub-env's observation.</summary>
    public int ObservationSize { get; }

    /// <summary>One sub-env's observation space.</summary>
    public Space<float[]> SingleObservationSpace => _envs[0].ObservationSpace;

    /// <summary>One sub-env's action space.</summary>
    public Space<TAct> SingleActionSpace => _envs[0].ActionSpace;

    /// <summary>The latest observations, <c>[NumEnvs, ObservationSize]</c>.</summary>
    public float[,] Observations { get; }

    /// <summary>The latest rewards.</summary>
    public double[] Rewards { get; }

    /// <summary>Which sub-envs' episodes terminated in the latest step.</summary>
    public bool[] Terminated { get; }

    /// <summary>Which sub-envs' episodes were truncated in the latest step.</summary>
    public bool[] Truncated { get; }

    /// <summary>The sub-envs' latest infos (shared read-only instances; never null).</summary>
    public IReadOnlyDictionary<string, object>[] Infos { get; }

    /// <summary>In <see cref="AutoresetMode.SameStep"/>: the final observation of each episode that ended in the latest step.</summary>
    public float[,] FinalObservations { get; }

    /// <summary>In <see cref="AutoresetMode.SameStep"/>: which rows of <see cref="FinalObservations"/> were written in the latest step.</summary>
    public bool[] HasFinalObservation { get; }

    /// <summary>The latest step's results (the same object every step, viewing the arrays above).</summary>
    public VectorStep Result { get; }

    /// <summary>Resets every sub-env; sub-env <c>i</c> gets seed <c>seed + i</c> (as in Gymnasium). Returns <see cref="Observations"/>.</summary>
    public float[,] Reset(int? seed = null)
    {
        for (int i = 0; i < _envs.Length; i++)
        {
            Infos[i] = _envs[i].ResetInto(seed + i, Row(Observations, i));
            _needsReset[i] = false;
            Rewards[i] = 0;
            Terminated[i] = Truncated[i] = HasFinalObservation[i] = false;
        }
        _started = true;
        return Observations;
    }

    /// <summary>Steps every sub-env with its action and autoresets finished episodes (see <see cref="Autoreset"/>).</summary>
    /// <exception cref="ArgumentException"><paramref name="actions"/> does not hold one action per sub-env.</exception>
    public VectorStep Step(ReadOnlySpan<TAct> actions)
    {
        if (!_started) throw new InvalidOperationException($"VectorEnv({_envs[0].Id} x {NumEnvs}): Step was called before Reset. Call Reset() (or Reset(seed: 0)) first.");
        if (actions.Length != _envs.Length)
            throw new ArgumentException($"VectorEnv({_envs[0].Id} x {NumEnvs}): got {actions.Length} actions, need one per sub-env ({NumEnvs}).", nameof(actions));
        // The per-env work is the env's own step; everything around it stays out of the way: the arrays are
        // read into locals once (no repeated field loads or bounds checks), and an info is stored only when it
        // is a different object, because a store into an interface-typed array runs a type check each time.
        var envs = _envs;
        var needsReset = _needsReset;
        var rewards = Rewards;
        var terminated = Terminated;
        var truncated = Truncated;
        var hasFinal = HasFinalObservation;
        var infos = Infos;
        int size = ObservationSize;
        // HasFinalObservation is only ever set in SameStep mode; in NextStep mode it stays all false, unwritten.
        bool sameStep = Autoreset == AutoresetMode.SameStep;
        ref float first = ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(Observations));
        for (int i = 0; i < envs.Length && i < actions.Length; i++)
        {
            var row = MemoryMarshal.CreateSpan(ref Unsafe.Add(ref first, i * size), size);
            if (sameStep) hasFinal[i] = false;
            IReadOnlyDictionary<string, object> info;
            if (needsReset[i])
            {
                info = envs[i].ResetInto(null, row);
                rewards[i] = 0;
                terminated[i] = truncated[i] = false;
                needsReset[i] = false;
            }
            else
            {
                var o = envs[i].StepInto(actions[i], row);
                rewards[i] = o.Reward;
                terminated[i] = o.Terminated;
                truncated[i] = o.Truncated;
                info = o.Info;
                if (o.Terminated || o.Truncated)
                {
                    if (!sameStep) needsReset[i] = true;
                    else
                    {
                        row.CopyTo(Row(FinalObservations, i));
                        hasFinal[i] = true;
                        envs[i].ResetInto(null, row);
                    }
                }
            }
            if (!ReferenceEquals(infos[i], info)) infos[i] = info;
        }
        return Result;
    }

    /// <summary>Row <paramref name="i"/> of a <c>[NumEnvs, ObservationSize]</c> array, as a span.</summary>
    public Span<float> Row(float[,] batch, int i)
    {
        ref float first = ref Unsafe.As<byte, float>(ref MemoryMarshal.GetArrayDataReference(batch));
        return MemoryMarshal.CreateSpan(ref Unsafe.Add(ref first, i * ObservationSize), ObservationSize);
    }

    /// <summary>Closes every sub-env.</summary>
    public void Dispose()
    {
        foreach (var env in _envs) env.Close();
    }

    /// <summary>The arrays of one vector step (Gymnasium's <c>(obs, rewards, terminations, truncations, infos)</c>).</summary>
    public sealed class VectorStep
    {
        readonly VectorEnv<TAct> _owner;
        internal VectorStep(VectorEnv<TAct> owner) => _owner = owner;

        /// <inheritdoc cref="VectorEnv{TAct}.Observations"/>
        public float[,] Observations => _owner.Observations;
        /// <inheritdoc cref="VectorEnv{TAct}.Rewards"/>
        public double[] Rewards => _owner.Rewards;
        /// <inheritdoc cref="VectorEnv{TAct}.Terminated"/>
        public bool[] Terminated => _owner.Terminated;
        /// <inheritdoc cref="VectorEnv{TAct}.Truncated"/>
        public bool[] Truncated => _owner.Truncated;
        /// <inheritdoc cref="VectorEnv{TAct}.Infos"/>
        public IReadOnlyDictionary<string, object>[] Infos => _owner.Infos;

        /// <summary>Lets you write <c>var (obs, rewards, terminated, truncated, infos) = envs.Step(actions);</c>.</summary>
        public void Deconstruct(out float[,] observations, out double[] rewards, out bool[] terminated, out bool[] truncated, out IReadOnlyDictionary<string, object>[] infos)
        {
            observations = Observations;
            rewards = Rewards;
            terminated = Terminated;
            truncated = Truncated;
            infos = Infos;
        }
    }
}
