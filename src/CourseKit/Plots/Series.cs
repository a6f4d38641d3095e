using System.Numerics;

namespace CourseKit.Plots;

/// <summary>
/// Turns what a student passes (arrays, lists, LINQ queries) into clean plot data. NaN and infinite
/// values are dropped and counted rather than handed to plotly.js, which would silently break the
/// line or refuse to draw; the count ends up in the chart's subtitle.
/// </summary>
internal static class Series
{
    /// <summary>
    /// The finite (x, y) pairs of a series; <c>x</c> stays null when it was not given and nothing was
    /// dropped (plotly then uses 0, 1, 2, ... and the JSON is half the size).
    /// </summary>
    public static (double[]? X, double[] Y, int Skipped) CleanXY(IEnumerable<double>? x, IEnumerable<double> y, string what)
    {
        ArgumentNullException.ThrowIfNull(y, what);
        var ys = y as double[] ?? y.ToArray();
        var xs = x is null ? null : x as double[] ?? x.ToArray();
        if (xs is not null && xs.Length != ys.Length)
            throw new ArgumentException(
                $"{what}: x has {xs.Length} values but y has {ys.Length}; a line needs exactly one x for every y.");

        int skipped = 0;
        for (int i = 0; i < ys.Length; i++)
            if (!double.IsFinite(ys[i]) || (xs is not null && !double.IsFinite(xs[i]))) skipped++;
        if (skipped == 0) return (xs is null ? null : (double[])xs.Clone(), (double[])ys.Clone(), 0);

        // Dropping a point must not shift the ones after it, so implicit x becomes explicit here.
        var cx = new double[ys.Length - skipped];
        var cy = new double[cx.Length];
        for (int i = 0, j = 0; i < ys.Length; i++)
        {
            double xi = xs is null ? i : xs[i];
            if (!double.IsFinite(ys[i]) || !double.IsFinite(xi)) continue;
            cx[j] = xi;
            cy[j++] = ys[i];
        }
        return (cx, cy, skipped);
    }

    /// <summary>The finite values of a series and how many were dropped.</summary>
    public static (double[] Values, int Skipped) CleanValues(IEnumerable<double> values, string what)
    {
        ArgumentNullException.ThrowIfNull(values, what);
        var all = values as double[] ?? values.ToArray();
        var kept = Array.FindAll(all, double.IsFinite);
        return (kept, all.Length - kept.Length);
    }

    /// <summary>Any numeric series (int steps, float returns, ...) as doubles, so students never write a Select.</summary>
    public static double[] ToDoubles<T>(IEnumerable<T> values) where T : INumberBase<T>
    {
        ArgumentNullException.ThrowIfNull(values);
        return values is double[] d ? d : values.Select(double.CreateTruncating).ToArray();
    }

    /// <summary>A human-readable count, e.g. "100,000".</summary>
    public static string Count(long n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);
}
