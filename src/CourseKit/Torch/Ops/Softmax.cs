using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Softmax along <paramref name="dim"/>: exp(x) / sum(exp(x)), computed stably.</summary>
        public Tensor softmax(long dim) => SoftmaxImpl(dim, log: false);

        /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably (use it for log-probabilities).</summary>
        public Tensor log_softmax(long dim) => SoftmaxImpl(dim, log: true);

        private Tensor SoftmaxImpl(long dim, bool log)
        {
            string op = log ? "log_softmax" : "softmax";
            var x = is_floating_point() ? this : to_type(ScalarType.Float32);
            if (x._shape.Length == 0) x = x.reshape(1);
            int d = Shape.Dim(dim, x._shape.Length, op);
            int outer = Shape.Prod(x._shape, 0, d), n = (int)x._shape[d], inner = Shape.Prod(x._shape, d + 1, x._shape.Length);
            var src = inner == 1 ? x : x.transpose(d, -1);
            var y = EmptyLike(src);
            int rows = src._numel / Math.Max(n, 1);
            if (y._dtype == ScalarType.Float32) Rows(src.Span<float>(), y.Span<float>(), rows, n, log);
            else Rows(src.Span<double>(), y.Span<double>(), rows, n, log);
            if (inner != 1) y = y.transpose(d, -1);
            y = y.Alias(_shape.Length == 0 ? [] : x._shape);
            if (!Autograd.ShouldRecord(x)) return Autograd.CheckForward(y, op);
            var yd = y.Alias(x._shape);     // a 0-dim input was viewed as [1]: compute the backward in that shape
            return Autograd.Record(y, op, [x], g =>
            {
                g = g.Alias(x._shape);
                if (log) return [g.sub(yd.exp().mul(g.sum(d, keepdim: true)))];      // g - softmax·Σg
                return [yd.mul(g.sub(g.mul(yd).sum(d, keepdim: true)))];              // y·(g - Σ g·y)
            });
        }

        private static void Rows<T>(ReadOnlySpan<T> x, Span<T> y, int rows, int n, bool log) where T : unmanaged, IFloatingPointIeee754<T>
        {
            for (int r = 0; r < rows; r++)
            {
                var xs = x.Slice(r * n, n); var ys = y.Slice(r * n, n);
                T max = TensorPrimitives.Max(xs);
                if (T.IsInfinity(max) && max < T.Zero) max = T.Zero;   // an all -inf row stays NaN-free until the divide
                TensorPrimitives.Subtract(xs, max, ys);
                if (log)
                {
                    T lse = T.Zero;
                    for (int i = 0; i < n; i++) lse += T.Exp(ys[i]);
                    TensorPrimitives.Subtract(ys, T.Log(lse), ys);
                }
                else
                {
                    TensorPrimitives.Exp(ys, ys);
                    T s = TensorPrimitives.Sum<T>(ys);
                    TensorPrimitives.Divide(ys, s, ys);
                }
            }
        }
    }

    /// <summary>Softmax along a dim.</summary>
    public static Tensor softmax(Tensor x, long dim) => x.softmax(dim);
}
