using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch;

internal enum UnaryOp { Neg, Exp, Log, Sqrt, Abs, Tanh, Sigmoid, Relu, Sign, Sin, Cos, Floor, Ceil, Round, Log1p, Expm1, Reciprocal }

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>e^x element-wise.</summary>
        public Tensor exp() => Unary(UnaryOp.Exp, "exp");
        /// <summary>Natural logarithm element-wise.</summary>
        public Tensor log() => Unary(UnaryOp.Log, "log");
        /// <summary>log(1 + x) element-wise, accurate for small x.</summary>
        public Tensor log1p() => Unary(UnaryOp.Log1p, "log1p");
        /// <summary>e^x - 1 element-wise, accurate for small x.</summary>
        public Tensor expm1() => Unary(UnaryOp.Expm1, "expm1");
        /// <summary>Square root element-wise.</summary>
        public Tensor sqrt() => Unary(UnaryOp.Sqrt, "sqrt");
        /// <summary>Absolute value element-wise.</summary>
        public Tensor abs() => Unary(UnaryOp.Abs, "abs");
        /// <summary>Hyperbolic tangent element-wise.</summary>
        public Tensor tanh() => Unary(UnaryOp.Tanh, "tanh");
        /// <summary>Logistic sigmoid 1/(1+e^-x) element-wise.</summary>
        public Tensor sigmoid() => Unary(UnaryOp.Sigmoid, "sigmoid");
        /// <summary>max(x, 0) element-wise.</summary>
        public Tensor relu() => Unary(UnaryOp.Relu, "relu");
        /// <summary>-1, 0 or 1 element-wise (zero gradient).</summary>
        public Tensor sign() => Unary(UnaryOp.Sign, "sign");
        /// <summary>Sine element-wise.</summary>
        public Tensor sin() => Unary(UnaryOp.Sin, "sin");
        /// <summary>Cosine element-wise.</summary>
        public Tensor cos() => Unary(UnaryOp.Cos, "cos");
        /// <summary>Rounds down element-wise (zero gradient).</summary>
        public Tensor floor() => Unary(UnaryOp.Floor, "floor");
        /// <summary>Rounds up element-wise (zero gradient).</summary>
        public Tensor ceil() => Unary(UnaryOp.Ceil, "ceil");
        /// <summary>Rounds half to even element-wise (zero gradient).</summary>
        public Tensor round() => Unary(UnaryOp.Round, "round");
        /// <summary>1/x element-wise.</summary>
        public Tensor reciprocal() => Unary(UnaryOp.Reciprocal, "reciprocal");
        /// <summary>x*x element-wise.</summary>
        public Tensor square() => pow(2);

        internal Tensor Unary(UnaryOp op, string name)
        {
            var x = this;
            bool integral = op is UnaryOp.Neg or UnaryOp.Abs or UnaryOp.Sign or UnaryOp.Relu;
            if (x._dtype == ScalarType.Bool) x = x.to_type(ScalarType.Int64);
            if (x._dtype == ScalarType.Int64 && !integral) x = x.to_type(ScalarType.Float32);
            var r = EmptyLike(x);
            switch (x._dtype)
            {
                case ScalarType.Float32: UnaryKernels.Float(op, x.Span<float>(), r.Span<float>()); break;
                case ScalarType.Float64: UnaryKernels.Float(op, x.Span<double>(), r.Span<double>()); break;
                default: UnaryKernels.Integer(op, x.Span<long>(), r.Span<long>(), name); break;
            }
            if (!Autograd.ShouldRecord(x)) return Autograd.CheckForward(r, name);
            var node = Autograd.Op(r, name, [x], static (g, n) => [UnaryKernels.Backward((UnaryOp)n.A, g, n.Input(0).detach(), n.Saved!.detach())]);
            node.A = (int)op;
            node.Saved = r;
            return r;
        }

        /// <summary>Limits values to [min, max]; the gradient passes where min &lt;= x &lt;= max.</summary>
        public Tensor clamp(Scalar? min = null, Scalar? max = null)
        {
            if (min is null && max is null) throw new ArgumentException("clamp: give at least one of min and max.");
            var r = this;
            using (no_grad())
            {
                if (min is { } lo) r = Elementwise.WithScalar(r, lo, BinaryOp.Max, false);
                if (max is { } hi) r = Elementwise.WithScalar(r, hi, BinaryOp.Min, false);
            }
            if (!Autograd.ShouldRecord(this)) return Autograd.CheckForward(r, "clamp");
            var x = this;
            return Autograd.Record(r, "clamp", [x], g =>
            {
                var pass = ones_like(x, dtype: ScalarType.Bool);
                if (min is { } lo) pass = pass.logical_and(x.detach().ge(lo));
                if (max is { } hi) pass = pass.logical_and(x.detach().le(hi));
                return [g.mul(pass.to_type(g._dtype))];
            });
        }

        /// <summary>Same as <see cref="clamp"/>.</summary>
        public Tensor clip(Scalar? min = null, Scalar? max = null) => clamp(min, max);

        /// <summary>Clamps in place (for use under no_grad or on tensors that do not require grad).</summary>
        public Tensor clamp_(Scalar? min = null, Scalar? max = null)
        {
            CheckInPlace("clamp_");
            Tensor r;
            using (no_grad()) r = clamp(min, max);
            CopyRaw(r, this);
            return this;
        }
    }

    /// <summary>e^x element-wise.</summary>
    public static Tensor exp(Tensor x) => x.exp();
    /// <summary>Natural logarithm element-wise.</summary>
    public static Tensor log(Tensor x) => x.log();
    /// <summary>Square root element-wise.</summary>
    public static Tensor sqrt(Tensor x) => x.sqrt();
    /// <summary>Absolute value element-wise.</summary>
    public static Tensor abs(Tensor x) => x.abs();
    /// <summary>Hyperbolic tangent element-wise.</summary>
    public static Tensor tanh(Tensor x) => x.tanh();
    /// <summary>Logistic sigmoid element-wise.</summary>
    public static Tensor sigmoid(Tensor x) => x.sigmoid();
    /// <summary>Limits values to [min, max].</summary>
    public static Tensor clamp(Tensor x, Scalar? min = null, Scalar? max = null) => x.clamp(min, max);
    /// <summary>Sine element-wise.</summary>
    public static Tensor sin(Tensor x) => x.sin();
    /// <summary>Cosine element-wise.</summary>
    public static Tensor cos(Tensor x) => x.cos();
}

internal static class UnaryKernels
{
    public static void Float<T>(UnaryOp op, ReadOnlySpan<T> x, Span<T> r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Neg: TensorPrimitives.Negate(x, r); break;
            case UnaryOp.Exp: TensorPrimitives.Exp(x, r); break;
            case UnaryOp.Log: TensorPrimitives.Log(x, r); break;
            case UnaryOp.Sqrt: TensorPrimitives.Sqrt(x, r); break;
            case UnaryOp.Abs: TensorPrimitives.Abs(x, r); break;
            case UnaryOp.Tanh: TensorPrimitives.Tanh(x, r); FixTanhNearZero(x, r); break;
            case UnaryOp.Sigmoid: TensorPrimitives.Sigmoid(x, r); break;
            case UnaryOp.Relu: TensorPrimitives.Max(x, T.Zero, r); break;
            case UnaryOp.Sin: TensorPrimitives.Sin(x, r); break;
            case UnaryOp.Cos: TensorPrimitives.Cos(x, r); break;
            case UnaryOp.Floor: TensorPrimitives.Floor(x, r); break;
            case UnaryOp.Ceil: TensorPrimitives.Ceiling(x, r); break;
            case UnaryOp.Round: for (int i = 0; i < x.Length; i++) r[i] = T.Round(x[i]); break;
            case UnaryOp.Log1p: for (int i = 0; i < x.Length; i++) r[i] = T.LogP1(x[i]); break;
            case UnaryOp.Expm1: for (int i = 0; i < x.Length; i++) r[i] = T.ExpM1(x[i]); break;
            case UnaryOp.Reciprocal: TensorPrimitives.Divide(T.One, x, r); break;
            case UnaryOp.Sign: for (int i = 0; i < x.Length; i++) r[i] = T.IsNaN(x[i]) ? x[i] : T.CreateTruncating(T.Sign(x[i])); break;
        }
    }

    // TensorPrimitives' float tanh loses relative accuracy near 0 (tanh(0) = -6e-8); there the odd
    // Taylor series x − x³/3 + 2x⁵/15 − 17x⁷/315 is exact to float precision.
    private static void FixTanhNearZero<T>(ReadOnlySpan<T> x, Span<T> r) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) != typeof(float)) return;
        T limit = T.CreateTruncating(0.0625), c3 = T.CreateTruncating(-1.0 / 3), c5 = T.CreateTruncating(2.0 / 15), c7 = T.CreateTruncating(-17.0 / 315);
        for (int i = 0; i < x.Length; i++)
        {
            T v = x[i];
            if (T.Abs(v) < limit)
            {
                T v2 = v * v;
                r[i] = v + v * v2 * (c3 + v2 * (c5 + v2 * c7));
            }
        }
    }

    public static void Integer(UnaryOp op, ReadOnlySpan<long> x, Span<long> r, string name)
    {
        for (int i = 0; i < x.Length; i++)
        {
            long v = x[i];
            r[i] = op switch
            {
                UnaryOp.Neg => -v,
                UnaryOp.Abs => Math.Abs(v),
                UnaryOp.Sign => Math.Sign(v),
                UnaryOp.Relu => Math.Max(v, 0),
                _ => throw new InvalidOperationException($"{name}: not defined for int64 tensors."),
            };
        }
    }

    /// <summary>dL/dx from dL/dy = g, the input x and the output y.</summary>
    public static torch.Tensor Backward(UnaryOp op, torch.Tensor g, torch.Tensor x, torch.Tensor y)
    {
        switch (op)
        {
            case UnaryOp.Neg: return g.neg();
            case UnaryOp.Exp: return g.mul(y);
            case UnaryOp.Expm1: return g.mul(y.add(1));
            case UnaryOp.Log: return g.div(x);
            case UnaryOp.Log1p: return g.div(x.add(1));
            case UnaryOp.Sqrt: return g.div(y.mul(2));
            case UnaryOp.Abs: return g.mul(x.sign());
            case UnaryOp.Sin: return g.mul(x.cos());
            case UnaryOp.Cos: return g.mul(x.sin().neg());
            case UnaryOp.Reciprocal: return g.mul(y).mul(y).neg();
            case UnaryOp.Sign or UnaryOp.Floor or UnaryOp.Ceil or UnaryOp.Round: return torch.zeros_like(g);
        }
        // Fused kernels for the activations on every training step.
        var r = torch.Tensor.EmptyLike(g);
        if (g._dtype == ScalarType.Float32) Fused(op, g.Span<float>(), x.Span<float>(), y.Span<float>(), r.Span<float>());
        else Fused(op, g.Span<double>(), x.Span<double>(), y.Span<double>(), r.Span<double>());
        return r;
    }

    private static void Fused<T>(UnaryOp op, ReadOnlySpan<T> g, ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> r)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        switch (op)
        {
            case UnaryOp.Relu:
                {
                    int i = 0;
                    if (Vector.IsHardwareAccelerated)
                    {
                        var gv = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(g);
                        var xv = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(x);
                        var rv = System.Runtime.InteropServices.MemoryMarshal.Cast<T, Vector<T>>(r);
                        for (int k = 0; k < rv.Length; k++)
                            rv[k] = Vector.ConditionalSelect(Vector.GreaterThan(xv[k], Vector<T>.Zero), gv[k], Vector<T>.Zero);
                        i = rv.Length * Vector<T>.Count;
                    }
                    for (; i < r.Length; i++) r[i] = x[i] > T.Zero ? g[i] : T.Zero;
                    break;
                }
            case UnaryOp.Tanh:
                TensorPrimitives.Multiply(y, y, r);          // y²
                TensorPrimitives.Subtract(T.One, r, r);      // 1 - y²
                TensorPrimitives.Multiply(r, g, r);
                break;
            case UnaryOp.Sigmoid:
                TensorPrimitives.Subtract(T.One, y, r);      // 1 - y
                TensorPrimitives.Multiply(r, y, r);          // y(1 - y)
                TensorPrimitives.Multiply(r, g, r);
                break;
            default:
                throw new InvalidOperationException($"no fused backward for {op}");
        }
    }
}
