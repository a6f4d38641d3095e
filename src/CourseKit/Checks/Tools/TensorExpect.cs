using System.Globalization;

namespace CourseKit.Checks.Tools;

/// <summary>
/// Assertions on tensors for exercise checks (visible and hidden). Each failure names the call that
/// produced the tensor and shows shape, dtype and values, so a student can reproduce it in the notebook.
/// </summary>
public static class TensorExpect
{
    /// <summary>Fails when the student's code returned null instead of a tensor.</summary>
    public static Tensor NotNull(Tensor? actual, string call) =>
        actual ?? throw new CheckFailedException($"{call} returned null; it must return a tensor.");

    /// <summary>
    /// Fails unless <paramref name="actual"/> has exactly the shape <paramref name="expected"/>. Like every
    /// method here, <c>call</c> names what produced the tensor and <c>hint</c> (appended to the message) says the likely fix.
    /// </summary>
    public static void Shape(long[] expected, Tensor? actual, string call, string? hint = null)
    {
        var t = NotNull(actual, call);
        if (!t.shape.SequenceEqual(expected))
            throw new CheckFailedException($"{call} returned shape {Format(t.shape)}, expected {Format(expected)}." + (hint is null ? "" : " " + hint));
    }

    /// <summary>Fails unless <paramref name="actual"/> has the dtype <paramref name="expected"/>.</summary>
    public static void DType(ScalarType expected, Tensor? actual, string call, string? hint = null)
    {
        var t = NotNull(actual, call);
        if (t.dtype != expected)
            throw new CheckFailedException($"{call} returned dtype {Name(t.dtype)}, expected {Name(expected)}." + (hint is null ? "" : " " + hint));
    }

    /// <summary>Fails unless <paramref name="actual"/> has the shape and, element by element, the values of <paramref name="expected"/>.</summary>
    public static void Close(Tensor expected, Tensor? actual, double tolerance, string call, string? hint = null)
    {
        Shape(expected.shape, actual, call, hint);
        double[] e = Values(expected), a = Values(actual!);
        for (int i = 0; i < e.Length; i++)
        {
            double scale = Math.Max(1.0, Math.Abs(e[i]));
            if (!(Math.Abs(a[i] - e[i]) <= tolerance * scale))
                throw new CheckFailedException(
                    (expected.shape.Length == 0
                        ? $"{call} returned {Num(a[i])}, expected {Num(e[i])}."
                        : $"{call}: element {Index(expected.shape, i)} is {Num(a[i])}, expected {Num(e[i])}. Got {Show(actual!)}, expected {Show(expected)}.") +
                    (hint is null ? "" : " " + hint));
        }
    }

    /// <summary>Fails unless <paramref name="actual"/> is a one-element tensor close to <paramref name="expected"/>.</summary>
    public static void Scalar(double expected, Tensor? actual, double tolerance, string call, string? hint = null)
    {
        var t = NotNull(actual, call);
        if (t.numel() != 1)
            throw new CheckFailedException($"{call} returned {t.numel()} values (shape {Format(t.shape)}); expected one number." + (hint is null ? "" : " " + hint));
        double a = Values(t)[0];
        if (!(Math.Abs(a - expected) <= tolerance * Math.Max(1.0, Math.Abs(expected))))
            throw new CheckFailedException($"{call} returned {Num(a)}, expected {Num(expected)}." + (hint is null ? "" : " " + hint));
    }

    /// <summary>The values of a tensor of any dtype, as doubles in row-major order (no gradient is recorded).</summary>
    public static double[] Values(Tensor t)
    {
        using (no_grad()) return t.to_type(ScalarType.Float64).data<double>().ToArray();
    }

    /// <summary>A tensor as a student would recognise it: dtype, shape and (up to 12) values.</summary>
    public static string Show(Tensor t)
    {
        var v = Values(t);
        string values = string.Join(", ", v.Take(12).Select(Num)) + (v.Length > 12 ? ", ..." : "");
        return $"{Name(t.dtype)} {Format(t.shape)} [{values}]";
    }

    /// <summary>A shape as <c>[32, 1]</c>.</summary>
    public static string Format(long[] shape) => "[" + string.Join(", ", shape) + "]";

    static string Name(ScalarType t) => t switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Int64 => "int64",
        ScalarType.Bool => "bool",
        _ => t.ToString(),
    };

    static string Num(double v) => v.ToString("0.######", CultureInfo.InvariantCulture);

    static string Index(long[] shape, int flat)
    {
        if (shape.Length == 0) return "[]";
        var index = new long[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            index[d] = flat % shape[d];
            flat /= (int)shape[d];
        }
        return Format(index);
    }
}
