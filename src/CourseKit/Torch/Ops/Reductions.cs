using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Sum of all elements (0-dim tensor). Integer and bool tensors sum to int64.</summary>
        public Tensor sum()
        {
            var x = ReduceInput();
            var r = Reduce(x, -1, keepdim: false, mean: false, "sum");
            if (!Autograd.ShouldRecord(x)) return r;
            Autograd.Op(r, "sum", [x], static (g, n) => [g.expand(n.Input(0)._shape)]);
            return r;
        }

        /// <summary>Sum along <paramref name="dim"/>.</summary>
        public Tensor sum(long dim, bool keepdim = false) => SumOrMean(dim, keepdim, mean: false);

        /// <summary>Sum along several dims.</summary>
        public Tensor sum(long[] dims, bool keepdim = false)
        {
            var ds = dims.Select(d => Shape.Dim(d, _shape.Length, "sum")).Distinct().OrderByDescending(d => d).ToArray();
            var r = this;
            foreach (var d in ds) r = r.sum(d, keepdim: true);
            return keepdim ? r : r.reshape(_shape.Where((_, i) => !ds.Contains(i)).ToArray());
        }

        /// <summary>Mean of all elements (0-dim tensor).</summary>
        public Tensor mean()
        {
            RequireFloat("mean");
            var r = Reduce(this, -1, keepdim: false, mean: true, "mean");
            if (!Autograd.ShouldRecord(this)) return r;
            Autograd.Op(r, "mean", [this], static (g, n) => [g.div(Math.Max(n.Input(0)._numel, 1)).expand(n.Input(0)._shape)]);
            return r;
        }

        /// <summary>Mean along one dim (TorchSharp spells it <c>mean(new long[] { dim })</c>, which works here too).</summary>
        internal Tensor MeanAlong(long dim, bool keepdim = false)
        {
            RequireFloat("mean");
            return SumOrMean(dim, keepdim, mean: true);
        }

        /// <summary>Mean along several dims.</summary>
        public Tensor mean(long[] dims, bool keepdim = false)
        {
            long n = 1;
            foreach (var d in dims.Select(d => Shape.Dim(d, _shape.Length, "mean")).Distinct()) n *= _shape[d];
            return sum(dims, keepdim).div(n);
        }

        /// <summary>Variance of all elements (unbiased by default, as PyTorch).</summary>
        public Tensor var(bool unbiased = true)
        {
            var d = sub(mean());
            return d.mul(d).sum().div(_numel - (unbiased ? 1 : 0));   // one sample, unbiased: NaN, as PyTorch
        }

        /// <summary>Variance along <paramref name="dim"/>.</summary>
        public Tensor var(long dim, bool unbiased = true, bool keepdim = false)
        {
            int k = Shape.Dim(dim, _shape.Length, "var");
            var d = sub(MeanAlong(k, keepdim: true));
            return d.mul(d).sum(k, keepdim).div(_shape[k] - (unbiased ? 1 : 0));
        }

        /// <summary>Standard deviation of all elements.</summary>
        public Tensor std(bool unbiased = true) => var(unbiased).sqrt();
        /// <summary>Standard deviation along <paramref name="dim"/>.</summary>
        public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => var(dim, unbiased, keepdim).sqrt();

        private Tensor ReduceInput() => _dtype == ScalarType.Bool ? to_type(ScalarType.Int64) : this;

        private Tensor SumOrMean(long dim, bool keepdim, bool mean)
        {
            string op = mean ? "mean" : "sum";
            var x = ReduceInput();
            int d = Shape.Dim(dim, x._shape.Length, op);
            var r = Reduce(x, d, keepdim, mean, op);
            if (!Autograd.ShouldRecord(x)) return r;
            var node = Autograd.Op(r, op, [x], static (g, n) =>
            {
                var x = n.Input(0);
                int d = n.A;
                bool keepdim = (n.B & 1) != 0, mean = (n.B & 2) != 0;
                var gk = keepdim || x._shape.Length == 0 ? g : g.unsqueeze(d);
                if (mean) gk = gk.div(x._shape.Length == 0 ? 1 : x._shape[d]);
                return [gk.expand(x._shape)];
            });
            node.A = d;
            node.B = (keepdim ? 1 : 0) | (mean ? 2 : 0);
            return r;
        }

        /// <summary>Reduces gradient <c>this</c> (a broadcast result) back to <paramref name="shape"/>.</summary>
        internal Tensor SumTo(long[] shape)
        {
            if (Shape.Equal(_shape, shape)) return this;
            var r = this;
            int lead = _shape.Length - shape.Length;
            for (int i = 0; i < lead; i++) r = Reduce(r, 0, keepdim: false, mean: false, "sum");
            for (int i = 0; i < shape.Length; i++)
                if (shape[i] == 1 && r._shape[i] != 1) r = Reduce(r, i, keepdim: true, mean: false, "sum");
            return r._shape.Length == shape.Length ? r : r.Alias(Shape.Intern(shape));
        }

        /// <summary>Sum or mean over one dim (dim = -1 means over everything), no autograd.</summary>
        internal static Tensor Reduce(Tensor x, int dim, bool keepdim, bool mean, string op)
        {
            long[] outShape;
            int outer, n, inner;
            if (dim < 0 || x._shape.Length == 0)
            {
                outShape = [];   // over everything, or over the only "dim" of a 0-dim tensor, which PyTorch keeps 0-dim
                outer = 1; n = x._numel; inner = 1;
            }
            else
            {
                outer = Shape.Prod(x._shape, 0, dim);
                n = (int)x._shape[dim];
                inner = Shape.Prod(x._shape, dim + 1, x._shape.Length);
                outShape = keepdim
                    ? Shape.WithOne(x._shape, dim)
                    : Shape.Without(x._shape, dim);
            }
            var r = Empty(x._dtype, outShape);
            switch (x._dtype)
            {
                case ScalarType.Float32: SumKernel<float>(x.Span<float>(), r.Span<float>(), outer, n, inner, mean); break;
                case ScalarType.Float64: SumKernel<double>(x.Span<double>(), r.Span<double>(), outer, n, inner, mean); break;
                case ScalarType.Int64:
                    if (mean) throw new ArgumentException($"{op}: mean of an int64 tensor is not defined; convert first with .to_type(torch.float32).");
                    SumKernel<long>(x.Span<long>(), r.Span<long>(), outer, n, inner, false);
                    break;
                default: throw new ArgumentException($"{op}: not defined for bool tensors.");
            }
            return r;
        }

        private static void SumKernel<T>(ReadOnlySpan<T> x, Span<T> r, int outer, int n, int inner, bool mean) where T : unmanaged, INumber<T>
        {
            T scale = mean ? T.One / T.CreateTruncating(n) : T.One;   // n = 0 gives NaN, as PyTorch
            for (int o = 0; o < outer; o++)
            {
                if (inner == 1)
                {
                    T s = TensorPrimitives.Sum(x.Slice(o * n, n));
                    r[o] = mean ? s * scale : s;
                    continue;
                }
                var dst = r.Slice(o * inner, inner);
                dst.Clear();
                for (int j = 0; j < n; j++) TensorPrimitives.Add(dst, x.Slice((o * n + j) * inner, inner), dst);
                if (mean) TensorPrimitives.Multiply(dst, scale, dst);
            }
        }

        // ---- max / min / argmax ---------------------------------------------------------------------

        /// <summary>The largest element (0-dim tensor).</summary>
        public Tensor max() => ExtremeAll(true);
        /// <summary>The smallest element (0-dim tensor).</summary>
        public Tensor min() => ExtremeAll(false);

        /// <summary>Largest values along <paramref name="dim"/> and their indexes (int64), as in TorchSharp.</summary>
        public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => Extreme(dim, keepdim, true, "max");
        /// <summary>Smallest values along <paramref name="dim"/> and their indexes (int64).</summary>
        public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => Extreme(dim, keepdim, false, "min");

        /// <summary>Index of the largest element along <paramref name="dim"/> (int64); the first one on ties.</summary>
        public Tensor argmax(long dim, bool keepdim = false) { using (no_grad()) return Extreme(dim, keepdim, true, "argmax").indexes; }
        /// <summary>Index of the smallest element along <paramref name="dim"/> (int64).</summary>
        public Tensor argmin(long dim, bool keepdim = false) { using (no_grad()) return Extreme(dim, keepdim, false, "argmin").indexes; }
        /// <summary>Flat index of the largest element (0-dim int64).</summary>
        public Tensor argmax() { using (no_grad()) return reshape(-1).Extreme(0, false, true, "argmax").indexes; }
        /// <summary>Flat index of the smallest element (0-dim int64).</summary>
        public Tensor argmin() { using (no_grad()) return reshape(-1).Extreme(0, false, false, "argmin").indexes; }

        private Tensor ExtremeAll(bool isMax)
        {
            string op = isMax ? "max" : "min";
            if (_numel == 0) throw new InvalidOperationException($"{op}: the tensor is empty.");
            Tensor v;
            using (no_grad()) v = reshape(-1).Extreme(0, false, isMax, op).values;
            if (!Autograd.ShouldRecord(this)) return v;
            // As PyTorch: the gradient is shared evenly between all elements equal to the extreme.
            var x = this;
            return Autograd.Record(v, op, [x], g =>
            {
                var hit = x.detach().eq(v.detach()).to_type(g._dtype);
                return [hit.mul(g.div(hit.sum()))];
            });
        }

        private (Tensor values, Tensor indexes) Extreme(long dim, bool keepdim, bool isMax, string op)
        {
            var x = ReduceInput();
            if (x._shape.Length == 0) x = x.reshape(1);
            int d = Shape.Dim(dim, x._shape.Length, op);
            int outer = Shape.Prod(x._shape, 0, d), n = (int)x._shape[d], inner = Shape.Prod(x._shape, d + 1, x._shape.Length);
            if (n == 0) throw new InvalidOperationException($"{op}: dim {dim} has size 0; there is no {(isMax ? "maximum" : "minimum")} of nothing.");
            var outShape = keepdim ? Shape.WithOne(x._shape, d) : Shape.Without(x._shape, d);
            if (_shape.Length == 0) outShape = [];
            var values = Empty(x._dtype, outShape);
            var indexes = Empty(ScalarType.Int64, outShape);
            var idx = indexes.Span<long>();
            switch (x._dtype)
            {
                case ScalarType.Float32: ExtremeKernel(x.Span<float>(), values.Span<float>(), idx, outer, n, inner, isMax); break;
                case ScalarType.Float64: ExtremeKernel(x.Span<double>(), values.Span<double>(), idx, outer, n, inner, isMax); break;
                default: ExtremeKernel(x.Span<long>(), values.Span<long>(), idx, outer, n, inner, isMax); break;
            }
            if (!Autograd.ShouldRecord(x)) return (values, indexes);
            var node = Autograd.Op(values, op, [x], static (g, n) => [ScatterAlong(g, (Tensor)n.State!, n.Input(0)._shape, n.A, n.B != 0)]);
            node.State = indexes;
            node.A = d;
            node.B = keepdim ? 1 : 0;
            return (values, indexes);
        }

        private static void ExtremeKernel<T>(ReadOnlySpan<T> x, Span<T> v, Span<long> idx, int outer, int n, int inner, bool isMax)
            where T : unmanaged, INumber<T>
        {
            for (int o = 0; o < outer; o++)
            {
                if (inner == 1)
                {
                    var row = x.Slice(o * n, n);
                    int k = isMax ? TensorPrimitives.IndexOfMax(row) : TensorPrimitives.IndexOfMin(row);
                    v[o] = row[k]; idx[o] = k;
                    continue;
                }
                for (int i = 0; i < inner; i++)
                {
                    int best = 0;
                    T bv = x[o * n * inner + i];
                    for (int j = 1; j < n; j++)
                    {
                        T c = x[(o * n + j) * inner + i];
                        if (isMax ? c > bv : c < bv) { bv = c; best = j; }
                    }
                    v[o * inner + i] = bv; idx[o * inner + i] = best;
                }
            }
        }

        /// <summary>Routes a reduced gradient back to the selected positions (the backward of max/min along a dim).</summary>
        private static Tensor ScatterAlong(Tensor g, Tensor indexes, long[] inputShape, int d, bool keepdim)
        {
            var r = zeros(inputShape, g._dtype);
            int outer = Shape.Prod(inputShape, 0, d), n = (int)inputShape[d], inner = Shape.Prod(inputShape, d + 1, inputShape.Length);
            var idx = indexes.Span<long>();
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    int src = o * inner + i;
                    r.WriteFromDouble((o * n + (int)idx[src]) * inner + i, g.ReadAsDouble(src));
                }
            return r;
        }
    }

    /// <summary>Sum of all elements.</summary>
    public static Tensor sum(Tensor x) => x.sum();
    /// <summary>Sum along a dim.</summary>
    public static Tensor sum(Tensor x, long dim, bool keepdim = false) => x.sum(dim, keepdim);
    /// <summary>Mean of all elements.</summary>
    public static Tensor mean(Tensor x) => x.mean();
    /// <summary>Mean along several dims.</summary>
    public static Tensor mean(Tensor x, long[] dims, bool keepdim = false) => x.mean(dims, keepdim);
    /// <summary>The largest element (0-dim tensor).</summary>
    public static Tensor max(Tensor x) => x.max();
    /// <summary>The smallest element (0-dim tensor).</summary>
    public static Tensor min(Tensor x) => x.min();
    /// <summary>Index of the largest element along a dim.</summary>
    public static Tensor argmax(Tensor x, long dim, bool keepdim = false) => x.argmax(dim, keepdim);
    /// <summary>Largest values and their indexes along a dim.</summary>
    public static (Tensor values, Tensor indexes) max(Tensor x, long dim, bool keepdim = false) => x.max(dim, keepdim);
    /// <summary>Smallest values and their indexes along a dim.</summary>
    public static (Tensor values, Tensor indexes) min(Tensor x, long dim, bool keepdim = false) => x.min(dim, keepdim);
}
