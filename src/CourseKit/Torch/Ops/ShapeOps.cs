namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>Same elements, new shape (one size may be -1). Shares storage: no copy.</summary>
        public Tensor reshape(params long[] shape)
        {
            var s = Shape.Infer(shape, _numel, _shape, "reshape");
            return ViewAs(s, "reshape");
        }

        /// <summary>Same as <see cref="reshape"/> (storage is always contiguous here, so every view is valid).</summary>
        public Tensor view(params long[] shape)
        {
            var s = Shape.Infer(shape, _numel, _shape, "view");
            return ViewAs(s, "view");
        }

        /// <summary>Reshapes to <paramref name="other"/>'s shape.</summary>
        public Tensor view_as(Tensor other) => view(other._shape);
        /// <summary>Reshapes to <paramref name="other"/>'s shape.</summary>
        public Tensor reshape_as(Tensor other) => reshape(other._shape);

        private Tensor ViewAs(long[] s, string op)
        {
            var r = Alias(s);
            if (!Autograd.ShouldRecord(this)) return r;
            Autograd.Op(r, op, [this], static (g, n) => [g.Alias(n.Input(0)._shape)]);
            return r;
        }

        /// <summary>Merges dims start_dim..end_dim into one.</summary>
        public Tensor flatten(long start_dim = 0, long end_dim = -1)
        {
            if (_shape.Length == 0) return reshape(1);
            int s = Shape.Dim(start_dim, _shape.Length, "flatten", "start_dim"), e = Shape.Dim(end_dim, _shape.Length, "flatten", "end_dim");
            if (s > e) throw new ArgumentException($"flatten: start_dim ({start_dim}) must not come after end_dim ({end_dim}).");
            var ns = new List<long>();
            for (int i = 0; i < s; i++) ns.Add(_shape[i]);
            ns.Add(Shape.Prod(_shape, s, e + 1));
            for (int i = e + 1; i < _shape.Length; i++) ns.Add(_shape[i]);
            return ViewAs(ns.ToArray(), "flatten");
        }

        /// <summary>Inserts a dim of size 1 at <paramref name="dim"/> (-1 appends one).</summary>
        public Tensor unsqueeze(long dim)
        {
            int d = Shape.Dim(dim, _shape.Length + 1, "unsqueeze");
            return ViewAs(Shape.WithInserted(_shape, d), "unsqueeze");
        }

        /// <summary>Removes every dim of size 1.</summary>
        public Tensor squeeze() => ViewAs(_shape.Where(s => s != 1).ToArray(), "squeeze");

        /// <summary>Removes <paramref name="dim"/> if its size is 1 (otherwise returns the same shape, as PyTorch).</summary>
        public Tensor squeeze(long dim)
        {
            if (_shape.Length == 0) return this;
            int d = Shape.Dim(dim, _shape.Length, "squeeze");
            if (_shape[d] != 1) return ViewAs(_shape, "squeeze");
            return ViewAs(Shape.Without(_shape, d), "squeeze");
        }

        /// <summary>Swaps two dims (copies the data).</summary>
        public Tensor transpose(long dim0, long dim1)
        {
            int n = _shape.Length;
            if (n < 2) return this;
            int a = Shape.Dim(dim0, n, "transpose", "dim0"), b = Shape.Dim(dim1, n, "transpose", "dim1");
            var perm = Enumerable.Range(0, n).Select(i => (long)i).ToArray();
            (perm[a], perm[b]) = (perm[b], perm[a]);
            return permute(perm);
        }

        /// <summary>Transpose of a 2-D tensor (a 1-D tensor is returned as is).</summary>
        public Tensor t()
        {
            if (_shape.Length > 2) throw new ArgumentException($"t: expects a tensor with at most 2 dims, got shape {Shape.Format(_shape)}; use transpose(dim0, dim1).");
            return transpose(0, 1);
        }

        /// <summary>The transpose of a 2-D tensor, as the property <c>T</c>.</summary>
        public Tensor T => t();

        /// <summary>Reorders the dims (copies the data).</summary>
        public Tensor permute(params long[] dims)
        {
            int n = _shape.Length;
            if (dims.Length != n)
                throw new ArgumentException($"permute: got {dims.Length} dims {Shape.Format(dims)} for a tensor with {n} dims (shape {Shape.Format(_shape)}); list every dim once.");
            var perm = dims.Select(d => Shape.Dim(d, n, "permute")).ToArray();
            if (perm.Distinct().Count() != n) throw new ArgumentException($"permute: dims {Shape.Format(dims)} repeat a dim; list every dim exactly once.");
            var r = Permuted(perm);
            r._copyOf = CopyKind.TransposePermute;
            if (!Autograd.ShouldRecord(this)) return r;
            var inverse = new long[n];
            for (int i = 0; i < n; i++) inverse[perm[i]] = i;
            return Autograd.Record(r, "permute", [this], g => [g.permute(inverse)]);
        }

        private Tensor Permuted(int[] perm)
        {
            int n = perm.Length;
            var outShape = perm.Select(p => _shape[p]).ToArray();
            var r = Empty(_dtype, outShape);
            var inStrides = Shape.Strides(_shape);
            if (n == 2 && perm[0] == 1)
            {
                int rows = (int)_shape[0], cols = (int)_shape[1];
                switch (_dtype)
                {
                    case ScalarType.Float32: Transpose2D(Span<float>(), r.Span<float>(), rows, cols); break;
                    case ScalarType.Float64: Transpose2D(Span<double>(), r.Span<double>(), rows, cols); break;
                    default: for (int i = 0; i < rows; i++) for (int j = 0; j < cols; j++) r.WriteFromDouble(j * rows + i, ReadAsDouble(i * cols + j)); break;
                }
                return r;
            }
            var srcStride = perm.Select(p => inStrides[p]).ToArray();
            var idx = new int[n];
            int src = 0;
            for (int k = 0; k < _numel; k++)
            {
                r.WriteFromDouble(k, ReadAsDouble(src));
                for (int d = n - 1; d >= 0; d--)
                {
                    idx[d]++; src += srcStride[d];
                    if (idx[d] < outShape[d]) break;
                    src -= srcStride[d] * idx[d]; idx[d] = 0;
                }
            }
            return r;
        }

        private static void Transpose2D<T>(ReadOnlySpan<T> a, Span<T> r, int rows, int cols)
        {
            // Blocked so both the reads and the writes stay within a few cache lines.
            const int B = 16;
            for (int i0 = 0; i0 < rows; i0 += B)
                for (int j0 = 0; j0 < cols; j0 += B)
                    for (int i = i0; i < Math.Min(i0 + B, rows); i++)
                        for (int j = j0; j < Math.Min(j0 + B, cols); j++)
                            r[j * rows + i] = a[i * cols + j];
        }

        /// <summary>Broadcasts to <paramref name="size"/> (-1 keeps a size). Copies the data in this engine.</summary>
        public Tensor expand(params long[] size)
        {
            var target = (long[])size.Clone();
            int off = target.Length - _shape.Length;
            if (off < 0) throw new ArgumentException($"expand: the target {Shape.Format(size)} has fewer dims than the tensor {Shape.Format(_shape)}.");
            for (int i = 0; i < target.Length; i++)
            {
                if (target[i] == -1) target[i] = i >= off ? _shape[i - off] : throw new ArgumentException("expand: -1 is only allowed for existing dims.");
                if (i >= off && _shape[i - off] != 1 && _shape[i - off] != target[i])
                    throw new ArgumentException($"expand: cannot expand shape {Shape.Format(_shape)} to {Shape.Format(size)}: dim {i} has size {_shape[i - off]}, which is not 1.");
            }
            if (Shape.Equal(target, _shape)) return this;
            var r = Empty(_dtype, target);
            var strides = Shape.BroadcastStrides(_shape, target);
            int rank = target.Length;
            int inner = (int)target[rank - 1], innerStride = strides[rank - 1];
            int outer = r._numel / Math.Max(inner, 1);
            var idx = new int[rank];
            int src = 0;
            for (int o = 0; o < outer; o++)
            {
                CopyRow(this, src, innerStride, r, o * inner, inner);
                for (int d = rank - 2; d >= 0; d--)
                {
                    idx[d]++; src += strides[d];
                    if (idx[d] < target[d]) break;
                    src -= strides[d] * idx[d]; idx[d] = 0;
                }
            }
            r._copyOf = CopyKind.Expand;
            if (!Autograd.ShouldRecord(this)) return r;
            var inShape = _shape;
            return Autograd.Record(r, "expand", [this], g => [g.SumTo(inShape)]);
        }

        /// <summary>Broadcasts to <paramref name="other"/>'s shape.</summary>
        public Tensor expand_as(Tensor other) => expand(other._shape);

        private static void CopyRow(Tensor src, int srcOff, int stride, Tensor dst, int dstOff, int n)
        {
            switch (src._dtype)
            {
                case ScalarType.Float32: Row(src.Array<float>(), src._offset + srcOff, stride, dst.Array<float>(), dst._offset + dstOff, n); break;
                case ScalarType.Float64: Row(src.Array<double>(), src._offset + srcOff, stride, dst.Array<double>(), dst._offset + dstOff, n); break;
                case ScalarType.Int64: Row(src.Array<long>(), src._offset + srcOff, stride, dst.Array<long>(), dst._offset + dstOff, n); break;
                default: Row(src.Array<bool>(), src._offset + srcOff, stride, dst.Array<bool>(), dst._offset + dstOff, n); break;
            }
        }

        private static void Row<T>(T[] s, int so, int stride, T[] d, int dOff, int n)
        {
            if (stride == 1) System.Array.Copy(s, so, d, dOff, n);
            else System.Array.Fill(d, s[so], dOff, n);
        }

        /// <summary>Repeats the tensor along each dim.</summary>
        public Tensor repeat(params long[] repeats)
        {
            if (repeats.Length < _shape.Length) throw new ArgumentException($"repeat: give at least {_shape.Length} repeat counts for shape {Shape.Format(_shape)}.");
            var x = this;
            while (x._shape.Length < repeats.Length) x = x.unsqueeze(0);
            // Interleave a broadcast dim before each dim, expand it, then merge the pairs.
            var withOnes = new List<long>(); var expanded = new List<long>(); var final = new List<long>();
            for (int i = 0; i < repeats.Length; i++)
            {
                withOnes.Add(1); withOnes.Add(x._shape[i]);
                expanded.Add(repeats[i]); expanded.Add(x._shape[i]);
                final.Add(repeats[i] * x._shape[i]);
            }
            return x.reshape(withOnes.ToArray()).expand(expanded.ToArray()).reshape(final.ToArray());
        }
    }

    /// <summary>Flattens dims start_dim..end_dim.</summary>
    public static Tensor flatten(Tensor x, long start_dim = 0, long end_dim = -1) => x.flatten(start_dim, end_dim);
    /// <summary>Swaps two dims.</summary>
    public static Tensor transpose(Tensor x, long dim0, long dim1) => x.transpose(dim0, dim1);
    /// <summary>Reorders dims.</summary>
    public static Tensor permute(Tensor x, params long[] dims) => x.permute(dims);
    /// <summary>Reshapes.</summary>
    public static Tensor reshape(Tensor x, params long[] shape) => x.reshape(shape);
    /// <summary>Inserts a size-1 dim.</summary>
    public static Tensor unsqueeze(Tensor x, long dim) => x.unsqueeze(dim);
    /// <summary>Removes a size-1 dim.</summary>
    public static Tensor squeeze(Tensor x, long dim) => x.squeeze(dim);
}
