namespace CourseKit.Envs;

/// <summary>
/// One entry of a tabular env's transition model: taking action <c>a</c> in state <c>s</c> leads to
/// <paramref name="NextState"/> with probability <paramref name="Probability"/> (Gymnasium's
/// <c>(prob, next_state, reward, terminated)</c> tuple; deconstruct it the same way).
/// </summary>
public readonly record struct Transition(double Probability, int NextState, double Reward, bool Terminated);

/// <summary>
/// An env given by an explicit model <see cref="P"/> (Gymnasium's toy-text <c>DiscreteEnv</c> pattern):
/// states and actions are ints, a step samples one transition of <c>P[s][a]</c> with one
/// <c>random()</c> draw, exactly as Gymnasium's <c>categorical_sample</c> does.
/// </summary>
public abstract class TabularEnv : Env<int, int>
{
    static readonly IReadOnlyDictionary<string, object> ResetInfo = EnvInfo.Of("prob", 1.0);

    readonly Transition[][][] _p;
    readonly double[][][] _cumulative;
    readonly IReadOnlyDictionary<string, object>[][][] _infos;
    readonly double[] _initial, _initialCumulative;
    readonly Discrete _observationSpace, _actionSpace;
    NumpyRandom? _random;
    int _state = -1;
    bool _terminatedEarlier, _warned;

    /// <summary>Builds the env from its model; <paramref name="p"/> is indexed <c>[state][action][outcome]</c>.</summary>
    protected TabularEnv(Transition[][][] p, double[] initialStateDistribution)
    {
        _p = p;
        _initial = initialStateDistribution;
        _observationSpace = new Discrete(p.Length);
        _actionSpace = new Discrete(p[0].Length);
        _initialCumulative = Cumulative(initialStateDistribution);
        _cumulative = [.. p.Select(byAction => byAction.Select(ts => Cumulative([.. ts.Select(t => t.Probability)])).ToArray())];
        // One read-only {"prob": p} per distinct probability, shared, so stepping allocates nothing.
        var byProbability = new Dictionary<double, IReadOnlyDictionary<string, object>>();
        _infos = [.. p.Select(byAction => byAction.Select(ts => ts.Select(t =>
        {
            if (!byProbability.TryGetValue(t.Probability, out var info))
                byProbability[t.Probability] = info = EnvInfo.Of("prob", t.Probability);
            return info;
        }).ToArray()).ToArray())];
    }

    /// <summary>
    /// The transition model, <c>P[s][a]</c> = the list of possible <see cref="Transition"/>s, in Gymnasium's
    /// order and with its probabilities (duplicate next states are not merged). Value iteration reads it.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<IReadOnlyList<Transition>>> P => _p;

    /// <summary>The probability of starting in each state.</summary>
    public double[] InitialStateDistribution => (double[])_initial.Clone();

    /// <summary>The number of states.</summary>
    public int StateCount => _p.Length;

    /// <summary>The number of actions.</summary>
    public int ActionCount => _p[0].Length;

    /// <summary>The current state (-1 before the first Reset).</summary>
    public int State => _state;

    /// <summary>The action of the last step (-1 right after Reset), used for drawing.</summary>
    public int LastAction { get; private set; } = -1;

    /// <inheritdoc/>
    public override Space<int> ObservationSpace => _observationSpace;

    /// <inheritdoc/>
    public override Space<int> ActionSpace => _actionSpace;

    /// <summary>Starts an episode; the info holds <c>"prob"</c> = 1.0 (Gymnasium returns the int 1).</summary>
    public override (int obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        SeedGenerator(seed);
        _random = NpRandom;
        _state = Sample(_initialCumulative, _random.Random());
        LastAction = -1;
        _terminatedEarlier = _warned = false;
        return (_state, ResetInfo);
    }

    /// <summary>Samples one transition of <c>P[state][action]</c>; the info holds its <c>"prob"</c>.</summary>
    public override Step<int> Step(int action)
    {
        if (_state < 0) throw EnvErrors.StepBeforeReset(Id);
        if ((uint)action >= (uint)_p[0].Length) throw EnvErrors.ActionOutside(Id, _actionSpace, action);
        if (_terminatedEarlier && !_warned)
        {
            _warned = true;
            EnvWarnings.Warn($"{EnvErrors.Name(Id)}: Step was called after the episode terminated. Call Reset() once Terminated is true; the model keeps the agent where it is (terminal states are absorbing) and pays 0.");
        }
        int i = Sample(_cumulative[_state][action], _random!.Random());
        var t = _p[_state][action][i];
        var info = _infos[_state][action][i];
        _state = t.NextState;
        LastAction = action;
        _terminatedEarlier |= t.Terminated;
        return new Step<int>(t.NextState, t.Reward, t.Terminated, false, info);
    }

    // Gymnasium: argmax(cumsum(p) > u), which is 0 when no entry exceeds u.
    static int Sample(double[] cumulative, double u)
    {
        for (int i = 0; i < cumulative.Length; i++)
            if (cumulative[i] > u) return i;
        return 0;
    }

    static double[] Cumulative(double[] p)
    {
        var c = new double[p.Length];
        double sum = 0;
        for (int i = 0; i < p.Length; i++) c[i] = sum += p[i];
        return c;
    }
}
