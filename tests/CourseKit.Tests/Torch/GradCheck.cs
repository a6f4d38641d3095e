using System.Globalization;
using System.Text;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Compares the gradients autograd computes with central finite differences, in float64.
/// The scalar checked is sum(f(x) * w) with a random upstream gradient w, so every output element
/// contributes with its own weight (a plain sum would hide errors that cancel across elements).
/// </summary>
public static class GradCheck
{
    /// <summary>
    /// Checks d sum(f(inputs) * w) / d inputs[i] for every input. The inputs must be float64; they are
    /// copied into fresh leaves, so the caller's tensors are never modified.
    /// </summary>
    /// <param name="op">Name used in the failure message.</param>
    /// <param name="f">The function; it must be deterministic (reseed inside it if it samples).</param>
    /// <param name="inputs">float64 tensors to differentiate with respect to.</param>
    /// <param name="eps">Finite-difference step.</param>
    /// <param name="atol">Absolute tolerance.</param>
    /// <param name="rtol">Relative tolerance (relative to the larger of the two magnitudes).</param>
    /// <param name="seed">Seed of the upstream gradient w.</param>
    public static void Check(string op, Func<Tensor[], Tensor> f, Tensor[] inputs,
        double eps = 1e-6, double atol = 1e-6, double rtol = 1e-6, int seed = 12345)
    {
        foreach (var (x, i) in inputs.Select((x, i) => (x, i)))
            if (x.dtype != ScalarType.Float64)
                throw new ArgumentException($"GradCheck({op}): input {i} is {x.dtype}; gradient checks run in float64.");

        var leaves = inputs.Select(x => tensor(x.ToArray<double>(), x.shape, requires_grad: true)).ToArray();
        var y = f(leaves);
        if (y.dtype != ScalarType.Float64)
            throw new Xunit.Sdk.XunitException($"GradCheck({op}): output dtype is {y.dtype}, expected float64 for float64 inputs.");
        var rng = new Random(seed);
        var w = y.ToArray<double>().Select(_ => rng.NextDouble() * 2 - 1).ToArray();
        var wt = tensor(w, y.shape);
        var loss = y.mul(wt).sum();
        loss.backward();

        var failures = new StringBuilder();
        for (int i = 0; i < leaves.Length; i++)
        {
            var leaf = leaves[i];
            int n = (int)leaf.numel();
            var numeric = new double[n];
            var acc = leaf.data<double>();
            for (int j = 0; j < n; j++)
            {
                double orig = acc[j];
                acc[j] = orig + eps;
                double plus = Objective(f, leaves, w, op);
                acc[j] = orig - eps;
                double minus = Objective(f, leaves, w, op);
                acc[j] = orig;
                numeric[j] = (plus - minus) / (2 * eps);
            }

            var g = leaf.grad;
            if (g is null)
            {
                if (numeric.Any(v => Math.Abs(v) > atol))
                    failures.AppendLine($"  input {i} {Fmt(leaf.shape)}: grad is null but the numeric gradient is nonzero (max |g| = {numeric.Max(Math.Abs):G6}).");
                continue;
            }
            if (g.dtype != ScalarType.Float64)
            {
                failures.AppendLine($"  input {i} {Fmt(leaf.shape)}: grad dtype is {g.dtype}, expected Float64.");
                continue;
            }
            if (!g.shape.SequenceEqual(leaf.shape))
            {
                failures.AppendLine($"  input {i}: grad shape {Fmt(g.shape)} differs from input shape {Fmt(leaf.shape)}.");
                continue;
            }
            var analytic = g.ToArray<double>();
            int worst = -1;
            double worstExcess = 0;
            for (int j = 0; j < n; j++)
            {
                double a = analytic[j], num = numeric[j];
                double allowed = atol + rtol * Math.Max(Math.Abs(a), Math.Abs(num));
                double excess = double.IsFinite(a) ? Math.Abs(a - num) - allowed : double.PositiveInfinity;
                if (excess > worstExcess) { worstExcess = excess; worst = j; }
            }
            if (worst >= 0)
                failures.AppendLine(
                    $"  input {i} {Fmt(leaf.shape)}: worst element {worst} {Fmt(Unravel(worst, leaf.shape))}: analytic {analytic[worst].ToString("G10", CultureInfo.InvariantCulture)}, " +
                    $"numeric {numeric[worst].ToString("G10", CultureInfo.InvariantCulture)} (x = {leaf.ToArray<double>()[worst].ToString("G6", CultureInfo.InvariantCulture)}); " +
                    $"{analytic.Zip(numeric).Count(p => !(Math.Abs(p.First - p.Second) <= atol + rtol * Math.Max(Math.Abs(p.First), Math.Abs(p.Second))))} of {n} elements off.");
        }
        if (failures.Length > 0)
            throw new Xunit.Sdk.XunitException($"GradCheck failed for {op} (inputs {string.Join(", ", inputs.Select(x => Fmt(x.shape)))}, output {Fmt(y.shape)}):\n{failures}");
    }

    /// <summary>Shorthand for one input.</summary>
    public static void Check(string op, Func<Tensor, Tensor> f, Tensor x, double eps = 1e-6, double atol = 1e-6, double rtol = 1e-6)
        => Check(op, xs => f(xs[0]), [x], eps, atol, rtol);

    /// <summary>Shorthand for two inputs.</summary>
    public static void Check(string op, Func<Tensor, Tensor, Tensor> f, Tensor a, Tensor b, double eps = 1e-6, double atol = 1e-6, double rtol = 1e-6)
        => Check(op, xs => f(xs[0], xs[1]), [a, b], eps, atol, rtol);

    private static double Objective(Func<Tensor[], Tensor> f, Tensor[] leaves, double[] w, string op)
    {
        Tensor y;
        using (no_grad()) y = f(leaves);
        var v = y.ToArray<double>();
        if (v.Length != w.Length) throw new Xunit.Sdk.XunitException($"GradCheck({op}): the output size changed between evaluations.");
        double s = 0;
        for (int k = 0; k < v.Length; k++) s += v[k] * w[k];
        return s;
    }

    private static long[] Unravel(int flat, long[] shape)
    {
        var idx = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            idx[d] = flat % shape[d];
            flat /= (int)shape[d];
        }
        return idx;
    }

    internal static string Fmt(long[] s) => "[" + string.Join(", ", s) + "]";
}

/// <summary>Seeded float64 test data.</summary>
public sealed class Data
{
    private readonly Random _rng;
    public Data(int seed) => _rng = new Random(seed);

    /// <summary>Uniform in [lo, hi).</summary>
    public Tensor Uniform(long[] shape, double lo = -2, double hi = 2)
    {
        int n = (int)shape.Aggregate(1L, (a, b) => a * b);
        return tensor(Enumerable.Range(0, n).Select(_ => lo + (hi - lo) * _rng.NextDouble()).ToArray(), shape);
    }

    /// <summary>Uniform magnitude in [lo, hi) with a random sign: keeps values away from 0 (kinks, poles).</summary>
    public Tensor AwayFromZero(long[] shape, double lo = 0.2, double hi = 2)
    {
        int n = (int)shape.Aggregate(1L, (a, b) => a * b);
        return tensor(Enumerable.Range(0, n).Select(_ => (_rng.Next(2) == 0 ? -1 : 1) * (lo + (hi - lo) * _rng.NextDouble())).ToArray(), shape);
    }

    /// <summary>Random int64 indices in [0, high).</summary>
    public Tensor Indices(long[] shape, long high)
    {
        int n = (int)shape.Aggregate(1L, (a, b) => a * b);
        return tensor(Enumerable.Range(0, n).Select(_ => (long)_rng.Next((int)high)).ToArray(), shape);
    }

    /// <summary>A random shape of the given rank with sizes in [1, maxSize].</summary>
    public long[] Shape(int rank, int maxSize = 4) => Enumerable.Range(0, rank).Select(_ => (long)_rng.Next(1, maxSize + 1)).ToArray();

    public int Next(int lo, int hi) => _rng.Next(lo, hi);
}
