namespace CourseKit.Envs;

/// <summary>
/// Maps each observation element linearly from its Box bounds <c>[low, high]</c> to <c>[min, max]</c>
/// (Gymnasium's <c>RescaleObservation</c>), e.g. pixels 0..255 to 0..1. Needs finite bounds.
/// </summary>
public sealed class RescaleObservation<TAct> : ObservationWrapper<TAct>
{
    readonly double[] _gradient, _intercept;

    /// <summary>Rescales <paramref name="env"/>'s observations into [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public RescaleObservation(Env<float[], TAct> env, float min = 0f, float max = 1f)
        : base(env, new Box(min, max, BoxOf(env, "RescaleObservation").Shape))
    {
        var inner = BoxOf(env, "RescaleObservation");
        if (!inner.IsBounded)
            throw new ArgumentException($"RescaleObservation needs finite bounds, but {env.Id}'s observation space is {inner}; use NormalizeObservation for unbounded observations.", nameof(env));
        if (!(min < max)) throw new ArgumentException($"RescaleObservation: min ({min}) must be below max ({max})");
        _gradient = new double[inner.Size];
        _intercept = new double[inner.Size];
        for (int i = 0; i < inner.Size; i++)
        {
            double low = inner.LowAt(i), high = inner.HighAt(i);
            _gradient[i] = high > low ? (max - min) / (high - low) : 0;
            _intercept[i] = min - _gradient[i] * low;
        }
    }

    /// <inheritdoc/>
    protected override void Transform(Span<float> obs)
    {
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)(obs[i] * _gradient[i] + _intercept[i]);
    }
}

/// <summary>
/// Normalises observations to roughly zero mean and unit variance with running statistics
/// (Gymnasium's <c>NormalizeObservation</c>: <c>(obs - mean) / sqrt(var + epsilon)</c>, statistics updated
/// with every observation, starting from mean 0, variance 1, count 1e-4). Freeze the statistics for
/// evaluation with <see cref="UpdateStatistics"/>.
/// </summary>
public sealed class NormalizeObservation<TAct> : ObservationWrapper<TAct>
{
    readonly double[] _mean, _variance;
    readonly double _epsilon;
    double _count = 1e-4;

    /// <summary>Normalises <paramref name="env"/>'s observations.</summary>
    public NormalizeObservation(Env<float[], TAct> env, double epsilon = 1e-8)
        : base(env, new Box(float.NegativeInfinity, float.PositiveInfinity, BoxOf(env, "NormalizeObservation").Shape))
    {
        var inner = BoxOf(env, "NormalizeObservation");
        if (!(epsilon > 0)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "epsilon must be positive");
        _epsilon = epsilon;
        _mean = new double[inner.Size];
        _variance = new double[inner.Size];
        Array.Fill(_variance, 1.0);
    }

    /// <summary>Whether each observation updates the running mean and variance (turn off to evaluate).</summary>
    public bool UpdateStatistics { get; set; } = true;

    /// <summary>The running mean, per element.</summary>
    public double[] Mean => (double[])_mean.Clone();

    /// <summary>The running variance, per element.</summary>
    public double[] Variance => (double[])_variance.Clone();

    /// <inheritdoc/>
    protected override void Transform(Span<float> obs)
    {
        if (UpdateStatistics)
        {
            // Chan et al.'s parallel update with a batch of one observation (batch variance 0).
            double total = _count + 1;
            for (int i = 0; i < obs.Length; i++)
            {
                double delta = obs[i] - _mean[i];
                _mean[i] += delta / total;
                _variance[i] = (_variance[i] * _count + delta * delta * _count / total) / total;
            }
            _count = total;
        }
        for (int i = 0; i < obs.Length; i++) obs[i] = (float)((obs[i] - _mean[i]) / Math.Sqrt(_variance[i] + _epsilon));
    }
}
