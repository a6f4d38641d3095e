namespace CourseKit.Torch;

/// <summary>
/// Shared ownership of one pooled storage array: the count of live scope-owned tensors using it, and
/// whether anything outside every scope (a parameter, a gradient, a detached tensor) also uses it.
/// Only storage that no one else can see goes back to the pool.
/// </summary>
internal sealed class StorageTicket
{
    public int Refs = 1;
    public bool Escaped;
}

/// <summary>Per-thread pool of storage arrays, keyed by element type and exact length.</summary>
internal static class StoragePool
{
    private const int MaxPerLength = 32;
    private const long MaxBytes = 256L << 20;

    [ThreadStatic] private static Dictionary<(ScalarType, int), Stack<Array>>? _free;
    [ThreadStatic] private static long _bytes;

    public static Array? Rent(ScalarType dtype, int length)
    {
        if (_free is null || !_free.TryGetValue((dtype, length), out var stack) || stack.Count == 0) return null;
        _bytes -= (long)length * dtype.ElementSize();
        return stack.Pop();
    }

    public static void Return(ScalarType dtype, Array array)
    {
        int length = array.Length;
        long size = (long)length * dtype.ElementSize();
        if (length == 0 || _bytes + size > MaxBytes) return;
        _free ??= new();
        if (!_free.TryGetValue((dtype, length), out var stack)) _free[(dtype, length)] = stack = new Stack<Array>();
        if (stack.Count >= MaxPerLength) return;
        stack.Push(array);
        _bytes += size;
    }
}

public static partial class torch
{
    /// <summary>
    /// Creates a scope that owns every tensor created on this thread until it is disposed; disposing it
    /// disposes them and recycles their memory, as in TorchSharp. Keep a result with
    /// <c>MoveToOuterDisposeScope()</c>. Use one around each training step to make it allocation-free:
    /// <code>using (torch.NewDisposeScope()) { var loss = ...; opt.zero_grad(); loss.backward(); opt.step(); }</code>
    /// Parameters, gradients and optimizer state are never owned by a scope.
    /// </summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>A region whose tensors are disposed (and their memory recycled) when it ends.</summary>
    public sealed class DisposeScope : IDisposable
    {
        [ThreadStatic] private static DisposeScope? _current;

        internal static DisposeScope? Current => _current;

        private readonly DisposeScope? _outer;
        private readonly List<Tensor> _owned = new();
        private bool _disposed;

        internal DisposeScope()
        {
            _outer = _current;
            _current = this;
        }

        internal void Add(Tensor t) => _owned.Add(t);

        /// <summary>Hands <paramref name="tensor"/> to the enclosing scope (TorchSharp's <c>scope.MoveToOuter(t)</c>); returns it.</summary>
        public Tensor MoveToOuter(Tensor tensor)
        {
            if (ReferenceEquals(tensor._scope, this)) MoveToOuter(tensor, this);
            return tensor;
        }

        private static void MoveToOuter(Tensor t, DisposeScope from)
        {
            var outer = from._outer;
            if (outer is null) { Detach(t); return; }
            t._scope = outer;
            outer.Add(t);
        }

        /// <summary>The number of tensors this scope currently owns.</summary>
        public int Count => _owned.Count(t => ReferenceEquals(t._scope, this) && !t.IsDisposed);

        /// <summary>Moves a tensor to the enclosing scope (or out of every scope when there is none).</summary>
        internal static void MoveToOuterOf(Tensor t)
        {
            if (t._scope is { } scope) MoveToOuter(t, scope);
        }

        /// <summary>Removes a tensor from scope ownership: it will live until the GC collects it.</summary>
        internal static void Detach(Tensor t)
        {
            t._scope = null;
            if (t._ticket is not null) t._ticket.Escaped = true;
        }

        /// <summary>Disposes every tensor still owned by this scope and ends it.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var t in _owned)
                if (ReferenceEquals(t._scope, this)) t.Dispose();
            _owned.Clear();
            // Scopes end in creation order; an outer scope disposed early takes the inner ones with it.
            if (ReferenceEquals(_current, this)) _current = _outer;
        }
    }
}
