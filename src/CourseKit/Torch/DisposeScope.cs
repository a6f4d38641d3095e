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
    // True while the ticket waits in the backward pass's ticket pool (guards against a second push).
    public bool Pooled;
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
        private List<Tensor>? _owned;
        private bool _disposed;
        // Only the scope that backward() opens for its own intermediate gradients recycles tensor objects.
        private readonly bool _recyclesTensors;

        // Per-thread spares, so that a training step's scope, the backward pass's gradient tensors and
        // their storage tickets are reused instead of allocated on every step.
        private const int MaxSpares = 512;
        [ThreadStatic] private static Stack<List<Tensor>>? _spareLists;
        [ThreadStatic] private static Stack<Tensor>? _spareTensors;
        [ThreadStatic] private static Stack<StorageTicket>? _spareTickets;

        internal DisposeScope() : this(recyclesTensors: false) { }

        private DisposeScope(bool recyclesTensors)
        {
            _recyclesTensors = recyclesTensors;
            _owned = _spareLists is { Count: > 0 } lists ? lists.Pop() : new List<Tensor>();
            _outer = _current;
            _current = this;
        }

        /// <summary>
        /// The scope backward() runs in: it owns every gradient tensor the pass creates and, when the pass
        /// ends, recycles both their memory and the tensor objects themselves. Nothing outside the engine can
        /// reach those tensors (a leaf's .grad is a detached copy), so reuse cannot alias anything visible.
        /// </summary>
        internal static DisposeScope ForBackward() => new(recyclesTensors: true);

        internal void Add(Tensor t) => (_owned ??= new List<Tensor>()).Add(t);

        /// <summary>A recycled tensor object for <see cref="Tensor"/>'s factory, or null to allocate one.</summary>
        internal Tensor? TakeRecycled() => _recyclesTensors && _spareTensors is { Count: > 0 } spares ? spares.Pop() : null;

        /// <summary>A storage ticket for a freshly rented array: a spare one when there is one.</summary>
        internal static StorageTicket NewTicket()
        {
            if (_spareTickets is not { Count: > 0 } spares) return new StorageTicket();
            var ticket = spares.Pop();
            ticket.Refs = 1;
            ticket.Escaped = false;
            ticket.Pooled = false;
            return ticket;
        }

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
        public int Count => _owned?.Count(t => ReferenceEquals(t._scope, this) && !t.IsDisposed) ?? 0;

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
            var owned = _owned;
            _owned = null;
            if (owned is not null)
            {
                foreach (var t in owned)
                {
                    if (!ReferenceEquals(t._scope, this)) continue;   // moved out, detached or already disposed
                    var ticket = t._ticket;
                    t.Dispose();
                    if (!_recyclesTensors) continue;
                    // Refs == 0 and not escaped: every tensor that shared this storage has just been disposed.
                    if (ticket is { Refs: 0, Escaped: false, Pooled: false } && (_spareTickets ??= new()).Count < MaxSpares)
                    {
                        ticket.Pooled = true;
                        _spareTickets.Push(ticket);
                    }
                    if ((_spareTensors ??= new()).Count < MaxSpares)
                    {
                        t.ResetForReuse();
                        _spareTensors.Push(t);
                    }
                }
                owned.Clear();
                if ((_spareLists ??= new()).Count < 16 && owned.Capacity <= 4096) _spareLists.Push(owned);
            }
            // Scopes end in creation order; an outer scope disposed early takes the inner ones with it.
            if (ReferenceEquals(_current, this)) _current = _outer;
        }
    }
}
