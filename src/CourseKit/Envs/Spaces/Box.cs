using System.Globalization;

namespace CourseKit.Envs;

/// <summary>
/// A box of float32 vectors, <c>Low[i] &lt;= x[i] &lt;= High[i]</c> (Gymnasium's <c>Box(low, high, shape, float32)</c>).
/// Bounds may be infinite. Elements are stored flat (row-major) in a <c>float[]</c> of length <see cref="Size"/>.
/// </summary>
public sealed class Box : Space<float[]>
{
    readonly float[] _low, _high;
    readonly int[] _shape;

    /// <summary>A box with the same bounds in every element, e.g. <c>new Box(-2f, 2f, 1)</c>.</summary>
    public Box(float low, float high, params int[] shape)
        : this(Filled(low, shape), Filled(high, shape), shape) { }

    /// <summary>A box with per-element bounds; the shape defaults to <c>[low.Length]</c>.</summary>
    public Box(float[] low, float[] high, int[]? shape = null)
    {
        ArgumentNullException.ThrowIfNull(low);
        ArgumentNullException.ThrowIfNull(high);
        _shape = shape is null ? [low.Length] : (int[])shape.Clone();
        int size = SizeOf(_shape);
        if (low.Length != size || high.Length != size)
            throw new ArgumentException($"Box: low has {low.Length} and high has {high.Length} values, but shape ({string.Join(", ", _shape)}) needs {size}");
        for (int i = 0; i < size; i++)
            if (float.IsNaN(low[i]) || float.IsNaN(high[i]) || low[i] > high[i])
                throw new ArgumentException($"Box: element {i} has low {low[i]} and high {high[i]}; need low <= high");
        _low = (float[])low.Clone();
        _high = (float[])high.Clone();
    }

    /// <summary>Lower bounds, one per element (a copy).</summary>
    public float[] Low => (float[])_low.Clone();

    /// <summary>Upper bounds, one per element (a copy).</summary>
    public float[] High => (float[])_high.Clone();

    /// <summary>The number of elements, the product of <see cref="Shape"/>.</summary>
    public int Size => _low.Length;

    /// <inheritdoc/>
    public override int[] Shape => (int[])_shape.Clone();

    /// <summary>Whether every bound is finite.</summary>
    public bool IsBounded => _low.All(float.IsFinite) && _high.All(float.IsFinite);

    internal float LowAt(int i) => _low[i];
    internal float HighAt(int i) => _high[i];

    /// <inheritdoc/>
    public override bool Contains(float[] value)
    {
        if (value is null || value.Length != _low.Length) return false;
        for (int i = 0; i < value.Length; i++)
            if (!(value[i] >= _low[i] && value[i] <= _high[i])) return false; // NaN fails both tests
        return true;
    }

    /// <summary>
    /// A random member in Gymnasium's order: normal draws for unbounded elements, exponential ones for
    /// half-bounded elements, then <c>uniform(low, high)</c> for bounded ones (computed in float64, then
    /// rounded to float32). The uniform part matches NumPy; the normal/exponential parts do not.
    /// </summary>
    public override float[] Sample(NumpyRandom random)
    {
        var sample = new double[Size];
        for (int i = 0; i < Size; i++)
            if (!float.IsFinite(_low[i]) && !float.IsFinite(_high[i])) sample[i] = random.StandardNormal();
        for (int i = 0; i < Size; i++)
            if (float.IsFinite(_low[i]) && !float.IsFinite(_high[i])) sample[i] = random.StandardExponential() + _low[i];
        for (int i = 0; i < Size; i++)
            if (!float.IsFinite(_low[i]) && float.IsFinite(_high[i])) sample[i] = -random.StandardExponential() + _high[i];
        for (int i = 0; i < Size; i++)
            if (float.IsFinite(_low[i]) && float.IsFinite(_high[i])) sample[i] = random.Uniform(_low[i], _high[i]);
        var result = new float[Size];
        for (int i = 0; i < Size; i++) result[i] = Math.Clamp((float)sample[i], _low[i], _high[i]);
        return result;
    }

    /// <summary>Gymnasium's notation, e.g. <c>Box(-2.0, 2.0, (1,), float32)</c>.</summary>
    public override string ToString()
    {
        string shape = _shape.Length == 1 ? $"({_shape[0]},)" : $"({string.Join(", ", _shape)})";
        return $"Box({Bounds(_low)}, {Bounds(_high)}, {shape}, float32)";
    }

    static string Bounds(float[] values) =>
        values.All(v => v.Equals(values[0])) ? Number(values[0]) : "[" + string.Join(" ", values.Select(Number)) + "]";

    static string Number(float v) =>
        float.IsPositiveInfinity(v) ? "inf" : float.IsNegativeInfinity(v) ? "-inf" : v.ToString("0.0######", CultureInfo.InvariantCulture);

    static float[] Filled(float value, int[] shape)
    {
        var a = new float[SizeOf(shape)];
        Array.Fill(a, value);
        return a;
    }

    static int SizeOf(int[] shape)
    {
        int size = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"Box: negative dimension {d} in shape");
            size *= d;
        }
        return size;
    }
}
