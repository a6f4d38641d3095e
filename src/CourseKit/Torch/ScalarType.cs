namespace CourseKit.Torch;

/// <summary>Element types of a tensor. CourseKit's engine supports the four the course needs.</summary>
public enum ScalarType : sbyte
{
    /// <summary>64-bit integer: indices, actions, class labels.</summary>
    Int64 = 4,
    /// <summary>32-bit float: the default for networks and data.</summary>
    Float32 = 6,
    /// <summary>64-bit float: gradient checks and numerically delicate work.</summary>
    Float64 = 7,
    /// <summary>Boolean masks.</summary>
    Bool = 11,
}

public static partial class torch
{
    /// <summary>32-bit float element type (the default).</summary>
    public static readonly ScalarType float32 = ScalarType.Float32;
    /// <summary>Alias of <see cref="float32"/>.</summary>
    public static readonly ScalarType @float = ScalarType.Float32;
    /// <summary>64-bit float element type.</summary>
    public static readonly ScalarType float64 = ScalarType.Float64;
    /// <summary>Alias of <see cref="float64"/>.</summary>
    public static readonly ScalarType @double = ScalarType.Float64;
    /// <summary>64-bit integer element type.</summary>
    public static readonly ScalarType int64 = ScalarType.Int64;
    /// <summary>Alias of <see cref="int64"/>.</summary>
    public static readonly ScalarType @long = ScalarType.Int64;
    /// <summary>Boolean element type.</summary>
    public static readonly ScalarType @bool = ScalarType.Bool;

    /// <summary>True for Float32 and Float64, the types that can carry gradients.</summary>
    public static bool is_floating_point(ScalarType t) => t is ScalarType.Float32 or ScalarType.Float64;

    internal static string Name(this ScalarType t) => t switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Int64 => "int64",
        ScalarType.Bool => "bool",
        _ => t.ToString(),
    };

    internal static int ElementSize(this ScalarType t) => t switch
    {
        ScalarType.Float32 => 4,
        ScalarType.Float64 => 8,
        ScalarType.Int64 => 8,
        ScalarType.Bool => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>
    /// PyTorch's type promotion for two tensors: bool &lt; int64 &lt; float32 &lt; float64.
    /// </summary>
    internal static ScalarType Promote(ScalarType a, ScalarType b)
    {
        if (a == b) return a;
        if (a == ScalarType.Float64 || b == ScalarType.Float64) return ScalarType.Float64;
        if (a == ScalarType.Float32 || b == ScalarType.Float32) return ScalarType.Float32;
        return ScalarType.Int64;
    }
}

/// <summary>
/// A number passed to a tensor operation (<c>t * 0.99f</c>, <c>1 - done</c>). Converts implicitly
/// from the C# numeric types, like TorchSharp's <c>Scalar</c>.
/// </summary>
public readonly struct Scalar
{
    internal readonly double Value;
    internal readonly bool IsFloatingPoint;
    internal readonly bool IsBool;

    private Scalar(double value, bool isFloatingPoint, bool isBool = false)
    {
        Value = value;
        IsFloatingPoint = isFloatingPoint;
        IsBool = isBool;
    }

    /// <summary>Converts an int.</summary>
    public static implicit operator Scalar(int v) => new(v, false);
    /// <summary>Converts a long.</summary>
    public static implicit operator Scalar(long v) => new(v, false);
    /// <summary>Converts a float.</summary>
    public static implicit operator Scalar(float v) => new(v, true);
    /// <summary>Converts a double.</summary>
    public static implicit operator Scalar(double v) => new(v, true);
    /// <summary>Converts a bool.</summary>
    public static implicit operator Scalar(bool v) => new(v ? 1 : 0, false, true);

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Value;
    /// <summary>The value as a float.</summary>
    public float ToSingle() => (float)Value;
    /// <summary>The value as a long (truncated).</summary>
    public long ToInt64() => (long)Value;

    /// <inheritdoc />
    public override string ToString() => IsBool ? (Value != 0).ToString() : Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
