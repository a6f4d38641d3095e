using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using static CourseKit.Torch.torch;
using Tensor = CourseKit.Torch.torch.Tensor;

namespace CourseKit.Torch;

internal enum BinaryOp { Add, Sub, Mul, Div, Pow, Max, Min }

/// <summary>
/// Broadcasting element-wise kernels (no autograd). Whole rows go through TensorPrimitives so the
/// common cases (same shape, tensor-scalar, row or column broadcast) run as SIMD span loops.
/// </summary>
internal static class Elementwise
{
    /// <summary>The dtype an arithmetic op computes in: bool counts as int64, int64 division becomes float32.</summary>
    public static ScalarType ArithmeticType(ScalarType t, BinaryOp op)
    {
        if (t == ScalarType.Bool) t = ScalarType.Int64;
        if (t == ScalarType.Int64 && op is BinaryOp.Div) return ScalarType.Float32;
        return t;
    }

    public static Tensor Binary(Tensor a, Tensor b, BinaryOp op, string name)
    {
        if (a._dtype == ScalarType.Bool && b._dtype == ScalarType.Bool && op is BinaryOp.Add or BinaryOp.Mul or BinaryOp.Max or BinaryOp.Min)
        {
            // As in PyTorch: + and max are logical or, * and min are logical and.
            using (no_grad()) return Binary(a.to_type(ScalarType.Int64), b.to_type(ScalarType.Int64), op, name).to_type(ScalarType.Bool);
        }
        if (op == BinaryOp.Sub && (a._dtype == ScalarType.Bool || b._dtype == ScalarType.Bool)) throw BoolSubtraction(name);
        var dt = ArithmeticType(Promote(a._dtype, b._dtype), op);
        if (a._dtype != dt) a = a.to_type(dt);
        if (b._dtype != dt) b = b.to_type(dt);
        var outShape = Shape.Broadcast(a._shape, b._shape, name);
        var r = Tensor.Empty(dt, outShape);
        switch (dt)
        {
            case ScalarType.Float32: Run<float>(op, a, b, r); break;
            case ScalarType.Float64: Run<double>(op, a, b, r); break;
            default: Run<long>(op, a, b, r); break;
        }
        return r;
    }

    /// <summary>tensor (op) scalar, or scalar (op) tensor when <paramref name="scalarFirst"/>.</summary>
    public static Tensor WithScalar(Tensor a, Scalar s, BinaryOp op, bool scalarFirst)
    {
        if (op == BinaryOp.Sub && a._dtype == ScalarType.Bool) throw BoolSubtraction(scalarFirst ? "rsub" : "sub");
        var dt = ArithmeticType(a._dtype, op);
        if (dt == ScalarType.Int64 && s.IsFloatingPoint) dt = ScalarType.Float32;
        if (a._dtype != dt) a = a.to_type(dt);
        var r = Tensor.Empty(dt, a._shape);
        switch (dt)
        {
            case ScalarType.Float32: RunScalar(op, a.Span<float>(), (float)s.Value, r.Span<float>(), scalarFirst); break;
            case ScalarType.Float64: RunScalar(op, a.Span<double>(), s.Value, r.Span<double>(), scalarFirst); break;
            default: RunScalar(op, a.Span<long>(), (long)s.Value, r.Span<long>(), scalarFirst); break;
        }
        return r;
    }

    private static ArgumentException BoolSubtraction(string name) => new(
        $"{name}: subtraction with a bool tensor is not supported. To invert a mask use mask.logical_not() (or !mask); " +
        "for arithmetic such as 1 - done, convert first: done.to_type(torch.float32).");

    private static void Run<T>(BinaryOp op, Tensor a, Tensor b, Tensor r) where T : unmanaged, INumber<T>
    {
        var rs = r.Span<T>();
        if (Shape.Equal(a._shape, b._shape)) { SpanOp(op, a.Span<T>(), b.Span<T>(), rs); return; }
        if (b._numel == 1 && Shape.Equal(a._shape, r._shape)) { RunScalar(op, a.Span<T>(), b.Span<T>()[0], rs, false); return; }
        if (a._numel == 1 && Shape.Equal(b._shape, r._shape)) { RunScalar(op, b.Span<T>(), a.Span<T>()[0], rs, true); return; }

        // General broadcast: walk the outer dims with an odometer, the innermost dim as a span.
        var os = r._shape;
        int rank = os.Length;
        var sa = Shape.BroadcastStrides(a._shape, os);
        var sb = Shape.BroadcastStrides(b._shape, os);
        int inner = (int)os[rank - 1];
        int ia = sa[rank - 1], ib = sb[rank - 1];
        var av = a.Array<T>(); var bv = b.Array<T>();
        int outer = r._numel / Math.Max(inner, 1);
        Span<int> idx = stackalloc int[rank];
        int offA = a._offset, offB = b._offset;
        for (int o = 0; o < outer; o++)
        {
            var dst = rs.Slice(o * inner, inner);
            if (ia == 1 && ib == 1) SpanOp(op, av.AsSpan(offA, inner), bv.AsSpan(offB, inner), dst);
            else if (ia == 1) RunScalar(op, av.AsSpan(offA, inner), bv[offB], dst, false);
            else if (ib == 1) RunScalar(op, bv.AsSpan(offB, inner), av[offA], dst, true);
            else dst.Fill(Apply(op, av[offA], bv[offB]));
            // advance the odometer over dims 0..rank-2
            for (int d = rank - 2; d >= 0; d--)
            {
                idx[d]++;
                offA += sa[d]; offB += sb[d];
                if (idx[d] < os[d]) break;
                offA -= sa[d] * idx[d]; offB -= sb[d] * idx[d];
                idx[d] = 0;
            }
        }
    }

    private static T Apply<T>(BinaryOp op, T x, T y) where T : unmanaged, INumber<T> => op switch
    {
        BinaryOp.Add => x + y,
        BinaryOp.Sub => x - y,
        BinaryOp.Mul => x * y,
        BinaryOp.Div => x / y,
        BinaryOp.Max => T.Max(x, y),
        BinaryOp.Min => T.Min(x, y),
        _ => T.CreateTruncating(Math.Pow(double.CreateTruncating(x), double.CreateTruncating(y))),
    };

    private static void SpanOp<T>(BinaryOp op, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> d) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, y, d); break;
            case BinaryOp.Sub: TensorPrimitives.Subtract(x, y, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, y, d); break;
            case BinaryOp.Div: TensorPrimitives.Divide(x, y, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(x, y, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(x, y, d); break;
            case BinaryOp.Pow:
                if (typeof(T) == typeof(float)) TensorPrimitives.Pow(F(x), F(y), F(d));
                else if (typeof(T) == typeof(double)) TensorPrimitives.Pow(D(x), D(y), D(d));
                else for (int i = 0; i < d.Length; i++) d[i] = Apply(op, x[i], y[i]);
                break;
        }
    }

    internal static void RunScalar<T>(BinaryOp op, ReadOnlySpan<T> x, T s, Span<T> d, bool scalarFirst) where T : unmanaged, INumber<T>
    {
        switch (op)
        {
            case BinaryOp.Add: TensorPrimitives.Add(x, s, d); break;
            case BinaryOp.Mul: TensorPrimitives.Multiply(x, s, d); break;
            case BinaryOp.Max: TensorPrimitives.Max(x, s, d); break;
            case BinaryOp.Min: TensorPrimitives.Min(x, s, d); break;
            case BinaryOp.Sub:
                if (scalarFirst) TensorPrimitives.Subtract(s, x, d); else TensorPrimitives.Subtract(x, s, d);
                break;
            case BinaryOp.Div:
                if (scalarFirst) TensorPrimitives.Divide(s, x, d); else TensorPrimitives.Divide(x, s, d);
                break;
            case BinaryOp.Pow:
                if (typeof(T) == typeof(float))
                {
                    float fs = float.CreateTruncating(s);
                    if (scalarFirst) TensorPrimitives.Pow(fs, F(x), F(d)); else PowScalar(F(x), fs, F(d));
                }
                else if (typeof(T) == typeof(double))
                {
                    double ds = double.CreateTruncating(s);
                    if (scalarFirst) TensorPrimitives.Pow(ds, D(x), D(d)); else PowScalar(D(x), ds, D(d));
                }
                else for (int i = 0; i < d.Length; i++) d[i] = scalarFirst ? Apply(op, s, x[i]) : Apply(op, x[i], s);
                break;
        }
    }

    // Squares and square roots are common exponents; exact multiplies also keep float results bit-stable.
    private static void PowScalar<T>(ReadOnlySpan<T> x, T e, Span<T> d) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (e == T.CreateTruncating(2)) TensorPrimitives.Multiply(x, x, d);
        else if (e == T.One) x.CopyTo(d);
        else if (e == T.CreateTruncating(0.5)) TensorPrimitives.Sqrt(x, d);
        else TensorPrimitives.Pow(x, e, d);
    }

    internal static ReadOnlySpan<float> F<T>(ReadOnlySpan<T> s) where T : unmanaged => MemoryMarshal.Cast<T, float>(s);
    internal static Span<float> F<T>(Span<T> s) where T : unmanaged => MemoryMarshal.Cast<T, float>(s);
    internal static ReadOnlySpan<double> D<T>(ReadOnlySpan<T> s) where T : unmanaged => MemoryMarshal.Cast<T, double>(s);
    internal static Span<double> D<T>(Span<T> s) where T : unmanaged => MemoryMarshal.Cast<T, double>(s);
}
