using System.Runtime.InteropServices;

namespace CourseKit.Torch;

public static partial class torch
{
    /// <summary>
    /// A multi-dimensional array with automatic differentiation, shaped like TorchSharp's <c>torch.Tensor</c>.
    /// Storage is row-major and contiguous; <c>reshape</c>, <c>view</c>, <c>unsqueeze</c> and friends share it.
    /// </summary>
    public partial class Tensor : IDisposable
    {
        // float[] | double[] | long[] | bool[]: one array type per dtype keeps every kernel a tight span loop.
        // Not readonly only so that the backward pass can reuse its own scratch tensors (see Make).
        internal Array _storage;
        internal int _offset;
        internal long[] _shape;
        internal int _numel;
        internal ScalarType _dtype;

        internal bool _requiresGrad;
        internal Tensor? _grad;
        internal Node? _node;
        // Bumped by every in-place change, so backward can tell that a value it saved was overwritten.
        internal int _version;
        // Set on results that PyTorch returns as views but this engine copies (transpose, permute, expand,
        // select/narrow along a dim other than 0): an in-place change to them would not reach the original.
        // 0 for none; see CopyKind for the codes.
        internal sbyte _copyOf;

        // Memory recycling under torch.NewDisposeScope(): the owning scope and the storage's shared ticket.
        internal DisposeScope? _scope;
        internal StorageTicket? _ticket;
        private bool _disposed;

        internal Tensor(Array storage, int offset, long[] shape, ScalarType dtype, StorageTicket? ticket = null)
        {
            _storage = storage;
            _offset = offset;
            _shape = shape;
            _numel = Shape.Numel(shape);
            _dtype = dtype;
            _ticket = ticket;
            var scope = DisposeScope.Current;
            if (scope is not null)
            {
                _scope = scope;
                scope.Add(this);
            }
            else if (ticket is not null) ticket.Escaped = true;
        }

        /// <summary>
        /// A new tensor, or inside the backward pass's own scope a recycled one. Only the tensors that
        /// backward creates for its intermediate gradients are ever recycled: no user code can hold them.
        /// </summary>
        private static Tensor Make(Array storage, int offset, long[] shape, ScalarType dtype, StorageTicket? ticket)
        {
            var scope = DisposeScope.Current;
            var t = scope?.TakeRecycled();
            if (t is null) return new Tensor(storage, offset, shape, dtype, ticket);
            t._storage = storage;
            t._offset = offset;
            t._shape = shape;
            t._numel = Shape.Numel(shape);
            t._dtype = dtype;
            t._ticket = ticket;
            t._scope = scope;
            scope!.Add(t);
            return t;
        }

        /// <summary>Clears a disposed scratch tensor so <see cref="Make"/> can hand it out again.</summary>
        internal void ResetForReuse()
        {
            _storage = System.Array.Empty<float>();
            _shape = System.Array.Empty<long>();
            _offset = 0; _numel = 0;
            _requiresGrad = false;
            _grad = null; _node = null;
            _version = 0;
            _copyOf = 0;
            _scope = null; _ticket = null;
            _disposed = false;
        }

        /// <summary>Creates a long-lived tensor sharing <paramref name="source"/>'s storage (used by <see cref="Modules.Parameter"/>).</summary>
        protected Tensor(Tensor source) : this(source._storage, source._offset, source._shape, source._dtype, source.ShareTicket())
        {
            DisposeScope.Detach(this);
        }

        private StorageTicket? ShareTicket()
        {
            if (_ticket is not null) _ticket.Refs++;
            return _ticket;
        }

        // ---- allocation -------------------------------------------------------------------------------

        /// <summary>A tensor with uninitialised values (recycled memory inside a dispose scope): every caller overwrites all of it.</summary>
        internal static Tensor Empty(ScalarType dtype, long[] shape)
        {
            int n = Shape.Numel(shape);
            if (DisposeScope.Current is not null)
            {
                var recycled = StoragePool.Rent(dtype, n);
                return Make(recycled ?? NewArray(dtype, n), 0, shape, dtype, DisposeScope.NewTicket());
            }
            return new Tensor(NewArray(dtype, n), 0, shape, dtype);
        }

        /// <summary>A tensor of zeros.</summary>
        internal static Tensor Zeros(ScalarType dtype, long[] shape)
        {
            var t = Empty(dtype, shape);
            System.Array.Clear(t._storage, t._offset, t._numel);
            return t;
        }

        private static Array NewArray(ScalarType dtype, int n) => dtype switch
            {
                ScalarType.Float32 => new float[n],
                ScalarType.Float64 => new double[n],
                ScalarType.Int64 => new long[n],
                ScalarType.Bool => new bool[n],
                _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
            };

        internal static Tensor EmptyLike(Tensor t) => Empty(t._dtype, t._shape);

        /// <summary>A tensor of the same storage, offset and dtype but a new shape (no copy, no autograd).</summary>
        internal Tensor Alias(long[] shape)
        {
            var t = Make(_storage, _offset, shape, _dtype, ShareTicket());
            t._copyOf = _copyOf;
            return t;
        }

        /// <summary>A tensor over part of this one's storage (no copy).</summary>
        internal Tensor View(int offset, long[] shape)
        {
            var t = Make(_storage, offset, shape, _dtype, ShareTicket());
            t._copyOf = _copyOf;
            return t;
        }

        internal Span<T> Span<T>()
        {
            if (_disposed) ThrowDisposed();
            return new((T[])_storage, _offset, _numel);
        }

        internal T[] Array<T>()
        {
            if (_disposed) ThrowDisposed();
            return (T[])_storage;
        }

        internal bool IsDisposed => _disposed;

        private double ThrowDisposedValue() { ThrowDisposed(); return 0; }

        internal void ThrowDisposed() => throw new ObjectDisposedException("Tensor",
            $"this tensor (shape {Shape.Format(_shape)}) was disposed{(_scope is null ? "" : " when its dispose scope ended")}. " +
            "Keep tensors you need after a torch.NewDisposeScope() block with .MoveToOuterDisposeScope() or .DetachFromDisposeScope(), " +
            "and call backward() inside the scope that built the graph.");

        // ---- metadata ---------------------------------------------------------------------------------

        /// <summary>The sizes of the dimensions.</summary>
        public long[] shape => (long[])_shape.Clone();
        /// <summary>The sizes of the dimensions (same as <see cref="shape"/>).</summary>
        public long[] size() => shape;
        /// <summary>The size of one dimension (negative counts from the end).</summary>
        public long size(int dim) => _shape[Shape.Dim(dim, _shape.Length, "size")];
        /// <summary>The number of dimensions.</summary>
        public long dim() => _shape.Length;
        /// <summary>The number of dimensions.</summary>
        public long ndim => _shape.Length;
        /// <summary>The number of dimensions.</summary>
        public long Dimensions => _shape.Length;
        /// <summary>The number of elements.</summary>
        public long numel() => _numel;
        /// <summary>The number of elements.</summary>
        public long NumberOfElements => _numel;
        /// <summary>The element type.</summary>
        public ScalarType dtype => _dtype;
        /// <summary>Always the CPU on this engine.</summary>
        public Device device => CPU;
        /// <summary>The device kind (always CPU).</summary>
        public DeviceType device_type => DeviceType.CPU;
        /// <summary>True for float32 and float64 tensors.</summary>
        public bool is_floating_point() => torch.is_floating_point(_dtype);
        /// <summary>True when this tensor was not produced by a recorded operation.</summary>
        public bool is_leaf => _node is null;
        /// <summary>The name of the operation that produced this tensor, or null for a leaf.</summary>
        public string? grad_fn => _node?.Name;

        /// <summary>Whether gradients flow to this tensor. Only leaves can be changed, and only floating-point ones can require grad.</summary>
        public bool requires_grad
        {
            get => _requiresGrad;
            set
            {
                if (value && !is_floating_point())
                    throw new InvalidOperationException($"requires_grad: only floating-point tensors can require gradients; this one is {_dtype.Name()}. Convert it first, e.g. t.to_type(torch.float32).");
                if (!value && _node is not null)
                    throw new InvalidOperationException("requires_grad: this tensor was computed by an operation; use detach() to get a copy that does not require grad.");
                _requiresGrad = value;
            }
        }

        /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
        public Tensor requires_grad_(bool requires_grad = true)
        {
            this.requires_grad = requires_grad;
            return this;
        }

        /// <summary>The gradient accumulated by <c>backward()</c>, or null before the first backward pass.</summary>
        public Tensor? grad
        {
            get => _grad;
            set
            {
                if (value is not null && !Shape.Equal(value._shape, _shape))
                    throw new ArgumentException($"grad: assigned gradient has shape {Shape.Format(value._shape)} but the tensor has shape {Shape.Format(_shape)}.");
                _grad = value?.DetachFromDisposeScope();
            }
        }

        // ---- reading values ---------------------------------------------------------------------------

        /// <summary>The value of a one-element tensor as <typeparamref name="T"/> (float, double, long, int or bool).</summary>
        public T item<T>() where T : unmanaged
        {
            if (_numel != 1)
                throw new InvalidOperationException($"item: the tensor has shape {Shape.Format(_shape)} ({_numel} elements); item() needs exactly one. Reduce it first (e.g. .mean() or .sum()) or index one element.");
            return Convert<T>(ReadAsDouble(0), "item");
        }

        /// <summary>A read/write accessor over the elements in row-major order, as TorchSharp's <c>data&lt;T&gt;()</c>.</summary>
        public TensorAccessor<T> data<T>() where T : unmanaged
        {
            if (!IsOfType<T>())
                throw new InvalidOperationException($"data<{typeof(T).Name}>: the tensor's dtype is {_dtype.Name()}; use data<{ClrName(_dtype)}>() or convert with to_type(...).");
            return new TensorAccessor<T>(Array<T>(), _offset, _numel);
        }

        /// <summary>Copies the elements into a new array of <typeparamref name="T"/>, converting from the tensor's dtype.</summary>
        public T[] ToArray<T>() where T : unmanaged
        {
            if (IsOfType<T>()) return Span<T>().ToArray();
            var r = new T[_numel];
            for (int i = 0; i < _numel; i++) r[i] = Convert<T>(ReadAsDouble(i), "ToArray");
            return r;
        }

        internal bool IsOfType<T>() =>
            (typeof(T) == typeof(float) && _dtype == ScalarType.Float32) ||
            (typeof(T) == typeof(double) && _dtype == ScalarType.Float64) ||
            (typeof(T) == typeof(long) && _dtype == ScalarType.Int64) ||
            (typeof(T) == typeof(bool) && _dtype == ScalarType.Bool);

        internal static string ClrName(ScalarType t) => t switch
        {
            ScalarType.Float32 => "float",
            ScalarType.Float64 => "double",
            ScalarType.Int64 => "long",
            _ => "bool",
        };

        internal double ReadAsDouble(int i) => _disposed ? ThrowDisposedValue() : _dtype switch
        {
            ScalarType.Float32 => ((float[])_storage)[_offset + i],
            ScalarType.Float64 => ((double[])_storage)[_offset + i],
            ScalarType.Int64 => ((long[])_storage)[_offset + i],
            _ => ((bool[])_storage)[_offset + i] ? 1 : 0,
        };

        internal void WriteFromDouble(int i, double v)
        {
            switch (_dtype)
            {
                case ScalarType.Float32: ((float[])_storage)[_offset + i] = (float)v; break;
                case ScalarType.Float64: ((double[])_storage)[_offset + i] = v; break;
                case ScalarType.Int64: ((long[])_storage)[_offset + i] = (long)v; break;
                default: ((bool[])_storage)[_offset + i] = v != 0; break;
            }
        }

        private static T Convert<T>(double v, string op) where T : unmanaged
        {
            if (typeof(T) == typeof(float)) { float f = (float)v; return MemoryMarshal.Cast<float, T>(MemoryMarshal.CreateSpan(ref f, 1))[0]; }
            if (typeof(T) == typeof(double)) return MemoryMarshal.Cast<double, T>(MemoryMarshal.CreateSpan(ref v, 1))[0];
            if (typeof(T) == typeof(long)) { long l = (long)v; return MemoryMarshal.Cast<long, T>(MemoryMarshal.CreateSpan(ref l, 1))[0]; }
            if (typeof(T) == typeof(int)) { int x = (int)v; return MemoryMarshal.Cast<int, T>(MemoryMarshal.CreateSpan(ref x, 1))[0]; }
            if (typeof(T) == typeof(bool)) { bool b = v != 0; return MemoryMarshal.Cast<bool, T>(MemoryMarshal.CreateSpan(ref b, 1))[0]; }
            throw new NotSupportedException($"{op}: element type {typeof(T).Name} is not supported; use float, double, long, int or bool.");
        }

        // ---- lifetime (the managed engine relies on the GC) -----------------------------------------------

        /// <summary>
        /// Releases the tensor: using it afterwards throws. Its memory is recycled when no other live tensor
        /// shares it; outside a dispose scope the GC reclaims it as usual.
        /// </summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _scope = null;
            var ticket = _ticket;
            if (ticket is null) return;
            if (--ticket.Refs == 0 && !ticket.Escaped) StoragePool.Return(_dtype, _storage);
        }

        /// <summary>Hands this tensor to the enclosing dispose scope so it outlives the current one; returns it.</summary>
        public Tensor MoveToOuterDisposeScope()
        {
            if (_scope is not null) DisposeScope.MoveToOuterOf(this);
            return this;
        }

        /// <summary>Takes this tensor out of every dispose scope (the GC will reclaim it); returns it.</summary>
        public Tensor DetachFromDisposeScope()
        {
            DisposeScope.Detach(this);
            return this;
        }
    }
}

/// <summary>Element access to a tensor's values in row-major order (TorchSharp's <c>TensorAccessor</c>).</summary>
public readonly struct TensorAccessor<T> : IEnumerable<T> where T : unmanaged
{
    private readonly T[] _array;
    private readonly int _offset;

    internal TensorAccessor(T[] array, int offset, int count)
    {
        _array = array;
        _offset = offset;
        Count = count;
    }

    /// <summary>The number of elements.</summary>
    public int Count { get; }

    /// <summary>The element at a flat row-major index.</summary>
    public T this[long index]
    {
        get => _array[_offset + CheckIndex(index)];
        set => _array[_offset + CheckIndex(index)] = value;
    }

    private int CheckIndex(long index) =>
        index >= 0 && index < Count ? (int)index : throw new IndexOutOfRangeException($"data: index {index} is outside 0..{Count - 1}.");

    /// <summary>Copies the elements into a new array.</summary>
    public T[] ToArray() => _array.AsSpan(_offset, Count).ToArray();

    /// <summary>A read-only span over the elements (no copy).</summary>
    public ReadOnlySpan<T> AsReadOnlySpan() => _array.AsSpan(_offset, Count);

    /// <inheritdoc />
    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return _array[_offset + i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
