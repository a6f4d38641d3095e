namespace CourseKit.Torch;

public static partial class torch
{
    public partial class Tensor
    {
        /// <summary>
        /// Picks values along <paramref name="dim"/> at <paramref name="index"/> (int64, same number of dims as this tensor):
        /// <c>out[i][j] = this[i][index[i][j]]</c> for dim 1. The DQN idiom: <c>q.gather(1, actions.unsqueeze(-1))</c>.
        /// </summary>
        public Tensor gather(long dim, Tensor index)
        {
            int n = _shape.Length;
            int d = Shape.Dim(dim, n, "gather");
            if (index._dtype != ScalarType.Int64)
                throw new ArgumentException($"gather: index must be an int64 tensor, got {index._dtype.Name()}. Convert it with .to_type(torch.int64) (actions are stored as long).");
            if (index._shape.Length != n)
            {
                string hint = index._shape.Length == n - 1 ? $" Did you mean index.unsqueeze({(d == n - 1 ? -1 : d)})? (for Q-values: actions.unsqueeze(-1))" : "";
                throw new ArgumentException($"gather: index has {index._shape.Length} dim{(index._shape.Length == 1 ? "" : "s")} (shape {Shape.Format(index._shape)}) but input has {n} (shape {Shape.Format(_shape)}); they must have the same number of dims.{hint}");
            }
            for (int i = 0; i < n; i++)
                if (i != d && index._shape[i] > _shape[i])
                    throw new ArgumentException($"gather: index shape {Shape.Format(index._shape)} is larger than input shape {Shape.Format(_shape)} in dim {i}; only dim {d} may differ.");
            var offsets = GatherOffsets(index, d, "gather");
            var r = Empty(_dtype, index._shape);
            for (int k = 0; k < offsets.Length; k++) r.WriteRaw(k, this, offsets[k]);
            if (!Autograd.ShouldRecord(this)) return Autograd.CheckForward(r, "gather");
            Autograd.Op(r, "gather", [this], static (g, n) =>
            {
                var offsets = (int[])n.State!;
                var gi = Zeros(g._dtype, n.Input(0)._shape);
                for (int k = 0; k < offsets.Length; k++) gi.AddRaw(offsets[k], g, k);
                return [gi];
            }).State = offsets;
            return r;
        }

        /// <summary>Flat offsets into this tensor of every element selected by a gather-style index.</summary>
        private int[] GatherOffsets(Tensor index, int d, string op)
        {
            int n = _shape.Length;
            Span<int> inStrides = n <= 16 ? stackalloc int[n] : new int[n];
            Shape.Strides(_shape, inStrides);
            var ishape = index._shape;
            var ix = index.Span<long>();
            var offsets = new int[index._numel];
            Span<int> pos = n <= 16 ? stackalloc int[n] : new int[n];
            long size = _shape[d];
            for (int k = 0; k < offsets.Length; k++)
            {
                long v = ix[k];
                if (v < 0 || v >= size)
                    throw new IndexOutOfRangeException($"{op}: index {v} is out of range for dim {d} of size {size} (input shape {Shape.Format(_shape)}); valid indices are 0..{size - 1}.");
                int off = 0;
                for (int i = 0; i < n; i++) off += (i == d ? (int)v : pos[i]) * inStrides[i];
                offsets[k] = off;
                for (int i = n - 1; i >= 0; i--)
                {
                    if (++pos[i] < ishape[i]) break;
                    pos[i] = 0;
                }
            }
            return offsets;
        }

        internal void WriteRaw(int i, Tensor src, int j)
        {
            switch (_dtype)
            {
                case ScalarType.Float32: ((float[])_storage)[_offset + i] = ((float[])src._storage)[src._offset + j]; break;
                case ScalarType.Float64: ((double[])_storage)[_offset + i] = ((double[])src._storage)[src._offset + j]; break;
                case ScalarType.Int64: ((long[])_storage)[_offset + i] = ((long[])src._storage)[src._offset + j]; break;
                default: ((bool[])_storage)[_offset + i] = ((bool[])src._storage)[src._offset + j]; break;
            }
        }

        private void AddRaw(int i, Tensor src, int j)
        {
            if (_dtype == ScalarType.Float32) ((float[])_storage)[_offset + i] += ((float[])src._storage)[src._offset + j];
            else WriteFromDouble(i, ReadAsDouble(i) + src.ReadAsDouble(j));
        }

        /// <summary>Adds <paramref name="src"/>'s values into this tensor at <paramref name="index"/> along dim (in place), the inverse of gather.</summary>
        public Tensor scatter_add_(long dim, Tensor index, Tensor src)
        {
            CheckInPlace("scatter_add_");
            int d = Shape.Dim(dim, _shape.Length, "scatter_add_");
            if (!Shape.Equal(index._shape, src._shape))
                throw new ArgumentException($"scatter_add_: index shape {Shape.Format(index._shape)} and src shape {Shape.Format(src._shape)} must match.");
            var offsets = GatherOffsets(index, d, "scatter_add_");
            var s = src._dtype == _dtype ? src : src.to_type(_dtype);
            for (int k = 0; k < offsets.Length; k++) AddRaw(offsets[k], s, k);
            return this;
        }

        /// <summary>Rows (or slices along <paramref name="dim"/>) picked by a 1-D int64 index.</summary>
        public Tensor index_select(long dim, Tensor index)
        {
            int d = Shape.Dim(dim, _shape.Length, "index_select");
            if (index._dtype != ScalarType.Int64 || index._shape.Length > 1)
                throw new ArgumentException($"index_select: index must be a 1-D int64 tensor, got {index._dtype.Name()} of shape {Shape.Format(index._shape)}.");
            int outer = Shape.Prod(_shape, 0, d), n = (int)_shape[d], inner = Shape.Prod(_shape, d + 1, _shape.Length);
            var ix = index.Span<long>().ToArray();
            foreach (var v in ix)
                if (v < 0 || v >= n) throw new IndexOutOfRangeException($"index_select: index {v} is out of range for dim {d} of size {n} (shape {Shape.Format(_shape)}).");
            var outShape = Shape.WithSize(_shape, d, ix.Length);
            var r = Empty(_dtype, outShape);
            for (int o = 0; o < outer; o++)
                for (int k = 0; k < ix.Length; k++)
                    CopyBlock(this, (o * n + (int)ix[k]) * inner, r, (o * ix.Length + k) * inner, inner);
            if (!Autograd.ShouldRecord(this)) return r;
            var inShape = _shape;
            return Autograd.Record(r, "index_select", [this], g =>
            {
                var gi = zeros(inShape, g._dtype);
                for (int o = 0; o < outer; o++)
                    for (int k = 0; k < ix.Length; k++)
                        for (int i = 0; i < inner; i++)
                            gi.AddRaw((o * n + (int)ix[k]) * inner + i, g, (o * ix.Length + k) * inner + i);
                return [gi];
            });
        }

        internal static void CopyBlock(Tensor src, int srcOff, Tensor dst, int dstOff, int count)
        {
            if (src._disposed) src.ThrowDisposed();
            if (dst._disposed) dst.ThrowDisposed();
            System.Array.Copy(src._storage, src._offset + srcOff, dst._storage, dst._offset + dstOff, count);
        }

        /// <summary><paramref name="length"/> consecutive entries along <paramref name="dim"/> from <paramref name="start"/>.</summary>
        public Tensor narrow(long dim, long start, long length)
        {
            int d = Shape.Dim(dim, _shape.Length, "narrow");
            long size = _shape[d];
            if (start < 0) start += size;
            if (start < 0 || length < 0 || start + length > size)
                throw new ArgumentOutOfRangeException(nameof(start), $"narrow: start {start} and length {length} do not fit in dim {d} of size {size} (shape {Shape.Format(_shape)}).");
            int outer = Shape.Prod(_shape, 0, d), inner = Shape.Prod(_shape, d + 1, _shape.Length);
            var outShape = Shape.WithSize(_shape, d, length);
            Tensor r;
            if (outer == 1) r = View(_offset + (int)start * inner, outShape);   // contiguous: share storage
            else
            {
                r = Empty(_dtype, outShape);
                r._copyOf = (sbyte)(CopyKind.NarrowBase + d);
                for (int o = 0; o < outer; o++) CopyBlock(this, (o * (int)size + (int)start) * inner, r, o * (int)length * inner, (int)length * inner);
            }
            if (!Autograd.ShouldRecord(this)) return r;
            var inShape = _shape;
            return Autograd.Record(r, "narrow", [this], g =>
            {
                var gi = zeros(inShape, g._dtype);
                for (int o = 0; o < outer; o++) CopyBlock(g, o * (int)length * inner, gi, (o * (int)size + (int)start) * inner, (int)length * inner);
                return [gi];
            });
        }

        /// <summary>Entries start, start+step, ... below finish along <paramref name="dim"/> (step 1 only).</summary>
        public Tensor slice(long dim, long start, long finish, long step)
        {
            if (step != 1) throw new NotSupportedException("slice: only step 1 is supported by this engine; use index_select with the indices you need.");
            int d = Shape.Dim(dim, _shape.Length, "slice");
            long size = _shape[d];
            if (start < 0) start += size;
            if (finish < 0) finish += size;
            start = Math.Clamp(start, 0, size); long end = Math.Clamp(finish, start, size);
            return narrow(d, start, end - start);
        }

        /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/>, with that dim removed.</summary>
        public Tensor select(long dim, long index)
        {
            int d = Shape.Dim(dim, _shape.Length, "select");
            long size = _shape[d];
            if (index < -size || index >= size)
                throw new IndexOutOfRangeException($"select: index {index} is out of range for dim {d} of size {size} (shape {Shape.Format(_shape)}).");
            if (index < 0) index += size;
            return narrow(d, index, 1).squeeze(d);
        }

        /// <summary>The sub-tensor at index <paramref name="i"/> of the first dim.</summary>
        public Tensor this[long i] => select(0, i);
        /// <summary>The sub-tensor at indices (i, j) of the first two dims.</summary>
        public Tensor this[long i, long j] => select(0, i).select(0, j);
        /// <summary>The sub-tensor at indices (i, j, k) of the first three dims.</summary>
        public Tensor this[long i, long j, long k] => select(0, i).select(0, j).select(0, k);
    }

    /// <summary>Gathers values along a dim (see <see cref="Tensor.gather"/>).</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index) => input.gather(dim, index);
    /// <summary>Selects slices along a dim by a 1-D index.</summary>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => input.index_select(dim, index);

    /// <summary>Joins tensors along an existing dim; all other dims must match.</summary>
    public static Tensor cat(IList<Tensor> tensors, long dim = 0)
    {
        if (tensors is null || tensors.Count == 0) throw new ArgumentException("cat: expects a non-empty list of tensors.");
        var first = tensors[0];
        int n = first._shape.Length;
        if (n == 0) throw new ArgumentException("cat: zero-dimensional tensors cannot be concatenated; use stack.");
        int d = Shape.Dim(dim, n, "cat");
        var dt = tensors.Select(t => t._dtype).Aggregate(Promote);
        long total = 0;
        for (int t = 0; t < tensors.Count; t++)
        {
            var s = tensors[t]._shape;
            if (s.Length != n || Enumerable.Range(0, n).Any(i => i != d && s[i] != first._shape[i]))
                throw new ArgumentException($"cat: tensor {t} has shape {Shape.Format(s)} but tensor 0 has {Shape.Format(first._shape)}; all dims except dim {d} must match.");
            total += s[d];
        }
        var outShape = (long[])first._shape.Clone();
        outShape[d] = total;
        var r = Tensor.Empty(dt, outShape);
        int outer = Shape.Prod(outShape, 0, d), inner = Shape.Prod(outShape, d + 1, n);
        int offset = 0;
        var parts = new Tensor[tensors.Count];
        for (int t = 0; t < tensors.Count; t++)
        {
            var x = tensors[t]._dtype == dt ? tensors[t] : tensors[t].to_type(dt);
            parts[t] = x;
            int len = (int)x._shape[d];
            for (int o = 0; o < outer; o++) Tensor.CopyBlock(x, o * len * inner, r, (o * (int)total + offset) * inner, len * inner);
            offset += len;
        }
        if (is_grad_enabled() && parts.Any(p => p._requiresGrad))
        {
            Autograd.Record(r, "cat", parts, g =>
            {
                var grads = new Tensor?[parts.Length];
                long start = 0;
                for (int t = 0; t < parts.Length; t++)
                {
                    long len = parts[t]._shape[d];
                    if (parts[t]._requiresGrad) grads[t] = g.narrow(d, start, len).clone();
                    start += len;
                }
                return grads;
            });
        }
        return r;
    }

    /// <summary>Stacks same-shaped tensors along a new dim.</summary>
    public static Tensor stack(IList<Tensor> tensors, long dim = 0)
    {
        if (tensors is null || tensors.Count == 0) throw new ArgumentException("stack: expects a non-empty list of tensors.");
        var s0 = tensors[0]._shape;
        for (int t = 1; t < tensors.Count; t++)
            if (!Shape.Equal(tensors[t]._shape, s0))
                throw new ArgumentException($"stack: tensor {t} has shape {Shape.Format(tensors[t]._shape)} but tensor 0 has {Shape.Format(s0)}; stack needs equal shapes.");
        int d = Shape.Dim(dim, s0.Length + 1, "stack");
        return cat(tensors.Select(t => t.unsqueeze(d)).ToList(), d);
    }
}
