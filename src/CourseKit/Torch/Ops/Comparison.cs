namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Element-wise equality (bool tensor), broadcasting.</summary>
        public Tensor eq(Tensor other) => Compare(other, "eq", (a, b) => a == b);
        /// <summary>Element-wise inequality (bool tensor), broadcasting.</summary>
        public Tensor ne(Tensor other) => Compare(other, "ne", (a, b) => a != b);
        /// <summary>Element-wise less-than (bool tensor), broadcasting.</summary>
        public Tensor lt(Tensor other) => Compare(other, "lt", (a, b) => a < b);
        /// <summary>Element-wise less-or-equal (bool tensor), broadcasting.</summary>
        public Tensor le(Tensor other) => Compare(other, "le", (a, b) => a <= b);
        /// <summary>Element-wise greater-than (bool tensor), broadcasting.</summary>
        public Tensor gt(Tensor other) => Compare(other, "gt", (a, b) => a > b);
        /// <summary>Element-wise greater-or-equal (bool tensor), broadcasting.</summary>
        public Tensor ge(Tensor other) => Compare(other, "ge", (a, b) => a >= b);
        /// <summary>Element-wise equality with a number (bool tensor).</summary>
        public Tensor eq(Scalar v) => CompareScalar(v, (a, b) => a == b);
        /// <summary>Element-wise inequality with a number (bool tensor).</summary>
        public Tensor ne(Scalar v) => CompareScalar(v, (a, b) => a != b);
        /// <summary>Element-wise x &lt; v (bool tensor).</summary>
        public Tensor lt(Scalar v) => CompareScalar(v, (a, b) => a < b);
        /// <summary>Element-wise x &lt;= v (bool tensor).</summary>
        public Tensor le(Scalar v) => CompareScalar(v, (a, b) => a <= b);
        /// <summary>Element-wise x &gt; v (bool tensor).</summary>
        public Tensor gt(Scalar v) => CompareScalar(v, (a, b) => a > b);
        /// <summary>Element-wise x &gt;= v (bool tensor).</summary>
        public Tensor ge(Scalar v) => CompareScalar(v, (a, b) => a >= b);

        /// <summary>True where the value is NaN.</summary>
        public Tensor isnan() => CompareScalar(0, (a, _) => double.IsNaN(a));
        /// <summary>True where the value is finite.</summary>
        public Tensor isfinite() => CompareScalar(0, (a, _) => double.IsFinite(a));

        /// <summary>Element-wise logical not (any nonzero value counts as true).</summary>
        public Tensor logical_not() => CompareScalar(0, (a, _) => a == 0);
        /// <summary>Element-wise logical and, broadcasting.</summary>
        public Tensor logical_and(Tensor other) => Compare(other, "logical_and", (a, b) => a != 0 && b != 0);
        /// <summary>Element-wise logical or, broadcasting.</summary>
        public Tensor logical_or(Tensor other) => Compare(other, "logical_or", (a, b) => a != 0 || b != 0);

        /// <summary>Whether any element is nonzero, as a 0-dim bool tensor (read it with <c>.item&lt;bool&gt;()</c>).</summary>
        public Tensor any() => tensor(AnyValue());
        /// <summary>Whether every element is nonzero, as a 0-dim bool tensor (read it with <c>.item&lt;bool&gt;()</c>).</summary>
        public Tensor all() => tensor(AllValues());

        internal bool AnyValue() { for (int i = 0; i < _numel; i++) if (ReadAsDouble(i) != 0) return true; return false; }
        internal bool AllValues() { for (int i = 0; i < _numel; i++) if (ReadAsDouble(i) == 0) return false; return true; }

        /// <summary>True if both tensors have the same shape and every pair of elements is within atol + rtol*|other|.</summary>
        public bool allclose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
        {
            if (!Shape.Equal(_shape, other._shape)) return false;
            for (int i = 0; i < _numel; i++)
            {
                double a = ReadAsDouble(i), b = other.ReadAsDouble(i);
                if (double.IsNaN(a) || double.IsNaN(b) || Math.Abs(a - b) > atol + rtol * Math.Abs(b)) return false;
            }
            return true;
        }

        /// <summary>True if both tensors have the same shape and equal elements.</summary>
        public bool equal(Tensor other)
        {
            if (!Shape.Equal(_shape, other._shape)) return false;
            for (int i = 0; i < _numel; i++) if (ReadAsDouble(i) != other.ReadAsDouble(i)) return false;
            return true;
        }

        // Comparisons produce masks, not gradients, and are rarely on the hot path: doubles keep them simple.
        private Tensor Compare(Tensor other, string op, Func<double, double, bool> f)
        {
            var outShape = Shape.Broadcast(_shape, other._shape, op);
            var r = Empty(ScalarType.Bool, outShape);
            var rs = r.Span<bool>();
            if (Shape.Equal(_shape, other._shape))
            {
                for (int i = 0; i < _numel; i++) rs[i] = f(ReadAsDouble(i), other.ReadAsDouble(i));
                return r;
            }
            var sa = Shape.BroadcastStrides(_shape, outShape);
            var sb = Shape.BroadcastStrides(other._shape, outShape);
            var ostr = Shape.Strides(outShape);
            for (int i = 0; i < rs.Length; i++)
            {
                int rem = i, ia = 0, ib = 0;
                for (int d = 0; d < outShape.Length; d++)
                {
                    int k = rem / ostr[d]; rem -= k * ostr[d];
                    ia += k * sa[d]; ib += k * sb[d];
                }
                rs[i] = f(ReadAsDouble(ia), other.ReadAsDouble(ib));
            }
            return r;
        }

        private Tensor CompareScalar(Scalar v, Func<double, double, bool> f)
        {
            var r = Empty(ScalarType.Bool, _shape);
            var rs = r.Span<bool>();
            double s = v.Value;
            if (_dtype == ScalarType.Float32)
            {
                var x = Span<float>();
                for (int i = 0; i < rs.Length; i++) rs[i] = f(x[i], s);
            }
            else for (int i = 0; i < rs.Length; i++) rs[i] = f(ReadAsDouble(i), s);
            return r;
        }

        /// <summary>A copy with <paramref name="value"/> where <paramref name="mask"/> is true (mask broadcasts to this shape).</summary>
        public Tensor masked_fill(Tensor mask, Scalar value)
        {
            if (mask._dtype != ScalarType.Bool)
                throw new ArgumentException($"masked_fill: mask must be a bool tensor, got {mask._dtype.Name()}. Build it with a comparison, e.g. dones.eq(1) or x > 0.");
            var fill = full_like(this, value);
            return where(mask, fill, this, "masked_fill");
        }
    }

    /// <summary>Element-wise choice: x where condition is true, else y (all three broadcast).</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y) => where(condition, x, y, "where");

    private static Tensor where(Tensor condition, Tensor x, Tensor y, string op)
    {
        if (condition._dtype != ScalarType.Bool)
            throw new ArgumentException($"{op}: condition must be a bool tensor, got {condition._dtype.Name()}. Build it with a comparison such as x > 0.");
        var dt = Promote(x._dtype, y._dtype);
        if (x._dtype != dt) x = x.to_type(dt);
        if (y._dtype != dt) y = y.to_type(dt);
        var outShape = Shape.Broadcast(Shape.Broadcast(condition._shape, x._shape, op), y._shape, op);
        var cB = condition.expand(outShape); var xB = x.expand(outShape); var yB = y.expand(outShape);
        var r = Tensor.Empty(dt, outShape);
        var c = cB.Span<bool>();
        switch (dt)
        {
            case ScalarType.Float32: Select(c, xB.Span<float>(), yB.Span<float>(), r.Span<float>()); break;
            case ScalarType.Float64: Select(c, xB.Span<double>(), yB.Span<double>(), r.Span<double>()); break;
            case ScalarType.Int64: Select(c, xB.Span<long>(), yB.Span<long>(), r.Span<long>()); break;
            default: Select(c, xB.Span<bool>(), yB.Span<bool>(), r.Span<bool>()); break;
        }
        if (!Autograd.ShouldRecord(x, y)) return Autograd.CheckForward(r, op);
        return Autograd.Record(r, op, [x, y], g =>
        {
            var zero = zeros_like(g);
            return [
                x._requiresGrad ? where(cB, g, zero).SumTo(x._shape) : null,
                y._requiresGrad ? where(cB, zero, g).SumTo(y._shape) : null];
        });
    }

    private static void Select<T>(ReadOnlySpan<bool> c, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> r)
    {
        for (int i = 0; i < r.Length; i++) r[i] = c[i] ? x[i] : y[i];
    }
}
