namespace CourseKit.Rl;

/// <summary>A value that changes with the training step, such as ε or a learning rate.</summary>
public interface ISchedule
{
    /// <summary>The value at step <paramref name="t"/>.</summary>
    double Value(long t);
}

/// <summary>Constant value.</summary>
public sealed record ConstantSchedule(double Constant) : ISchedule
{
    /// <inheritdoc />
    public double Value(long t) => Constant;
}

/// <summary>
/// Moves linearly from <see cref="InitialP"/> to <see cref="FinalP"/> over <see cref="ScheduleTimesteps"/> steps,
/// then stays at <see cref="FinalP"/> (CS285's <c>LinearSchedule</c>).
/// </summary>
public sealed record LinearSchedule(long ScheduleTimesteps, double FinalP, double InitialP = 1.0) : ISchedule
{
    /// <inheritdoc />
    public double Value(long t)
    {
        if (ScheduleTimesteps <= 0) return FinalP;
        double fraction = Math.Clamp((double)t / ScheduleTimesteps, 0, 1);
        return InitialP + fraction * (FinalP - InitialP);
    }
}

/// <summary>
/// Linear interpolation between (step, value) endpoints listed in increasing step order; before the
/// first or after the last endpoint the value is <see cref="OutsideValue"/> (CS285's <c>PiecewiseSchedule</c>).
/// </summary>
public sealed class PiecewiseSchedule : ISchedule
{
    private readonly (long t, double v)[] _endpoints;

    /// <summary>Creates the schedule.</summary>
    /// <param name="endpoints">(step, value) pairs with increasing steps.</param>
    /// <param name="outsideValue">Value outside the endpoints' range; null makes such a query an error.</param>
    public PiecewiseSchedule(IEnumerable<(long t, double v)> endpoints, double? outsideValue = null)
    {
        _endpoints = (endpoints ?? throw new ArgumentNullException(nameof(endpoints))).ToArray();
        if (_endpoints.Length == 0) throw new ArgumentException("PiecewiseSchedule: give at least one (step, value) endpoint.");
        for (int i = 1; i < _endpoints.Length; i++)
            if (_endpoints[i].t < _endpoints[i - 1].t)
                throw new ArgumentException($"PiecewiseSchedule: endpoints must be in increasing step order, but step {_endpoints[i].t} follows {_endpoints[i - 1].t}.");
        OutsideValue = outsideValue;
    }

    /// <summary>Value outside the endpoints' range.</summary>
    public double? OutsideValue { get; }

    /// <inheritdoc />
    public double Value(long t)
    {
        for (int i = 0; i + 1 < _endpoints.Length; i++)
        {
            var (l, lv) = _endpoints[i];
            var (r, rv) = _endpoints[i + 1];
            if (l <= t && t < r) return lv + (double)(t - l) / (r - l) * (rv - lv);
        }
        if (_endpoints.Length == 1 && t == _endpoints[0].t) return _endpoints[0].v;
        return OutsideValue ?? throw new ArgumentOutOfRangeException(nameof(t), t,
            $"PiecewiseSchedule: step {t} is outside [{_endpoints[0].t}, {_endpoints[^1].t}) and no outsideValue was given.");
    }
}
