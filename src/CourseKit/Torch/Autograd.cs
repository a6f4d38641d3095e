namespace CourseKit.Torch;

using System.Runtime.CompilerServices;

/// <summary>
/// One recorded operation in the autograd graph: its inputs and how to turn the gradient of its
/// output into gradients of its inputs. Up to three inputs are held in fields, so recording an op
/// allocates this one object (plus the backward closure for ops without a node class of their own).
/// </summary>
internal abstract class Node
{
    public readonly string Name;
    private readonly torch.Tensor? _in0, _in1, _in2;
    private readonly torch.Tensor[]? _many;
    public readonly int InputCount;
    // Sum of the inputs' versions when recorded: versions only grow, so a different sum means an input changed.
    public readonly long InputVersions;
    // Backward-pass bookkeeping for the tensor this node produced: the gradient summed so far, and the
    // mark of the last graph walk that reached it. Kept here so a backward pass needs no dictionaries.
    internal torch.Tensor? PendingGrad;
    internal int VisitStamp;

    protected Node(string name, ReadOnlySpan<torch.Tensor> inputs)
    {
        Name = name;
        InputCount = inputs.Length;
        if (inputs.Length > 3) _many = inputs.ToArray();
        else
        {
            if (inputs.Length > 0) _in0 = inputs[0];
            if (inputs.Length > 1) _in1 = inputs[1];
            if (inputs.Length > 2) _in2 = inputs[2];
        }
        InputVersions = SumVersions();
    }

    public torch.Tensor Input(int i) => _many is not null ? _many[i] : i switch { 0 => _in0!, 1 => _in1!, _ => _in2! };

    public long SumVersions()
    {
        long v = 0;
        for (int i = 0; i < InputCount; i++) v += Input(i)._version;
        return v;
    }

    /// <summary>Given dLoss/dOutput, returns dLoss/dInput for each input (null where an input needs none).</summary>
    public abstract Grads Backward(torch.Tensor g);
}

/// <summary>A node whose backward is a closure written next to its op's forward code.</summary>
internal sealed class ClosureNode(string name, ReadOnlySpan<torch.Tensor> inputs, Func<torch.Tensor, Grads> backward) : Node(name, inputs)
{
    public override Grads Backward(torch.Tensor g) => backward(g);
}

/// <summary>
/// A node whose backward is a static function of the node: the op keeps what its backward needs in
/// the node's fields, so recording it allocates this one object and no closure. Used by the ops of a
/// training step's hot path.
/// </summary>
internal sealed class OpNode(string name, ReadOnlySpan<torch.Tensor> inputs, Func<torch.Tensor, OpNode, Grads> backward) : Node(name, inputs)
{
    /// <summary>A tensor the backward needs besides the inputs (the op's output, a saved slope).</summary>
    public torch.Tensor? Saved;
    /// <summary>Anything else the backward needs (index offsets, another tensor, a per-op function).</summary>
    public object? State;
    /// <summary>A scalar operand.</summary>
    public Scalar Value;
    /// <summary>Small integers: a dim, a size, an op code, a flag.</summary>
    public int A, B;

    public override Grads Backward(torch.Tensor g) => backward(g, this);
}

/// <summary>
/// The gradients a backward function returns, one per input, written <c>[gx, gw]</c>: up to three
/// are held inline, so returning them allocates nothing.
/// </summary>
[CollectionBuilder(typeof(Grads), nameof(Create))]
internal readonly struct Grads : IEnumerable<torch.Tensor?>
{
    private readonly torch.Tensor? _g0, _g1, _g2;
    private readonly torch.Tensor?[]? _many;
    public readonly int Count;

    private Grads(torch.Tensor? g0, torch.Tensor? g1, torch.Tensor? g2, int count)
    {
        _g0 = g0; _g1 = g1; _g2 = g2; Count = count;
    }

    private Grads(torch.Tensor?[] many)
    {
        _many = many; Count = many.Length;
    }

    public static Grads Create(ReadOnlySpan<torch.Tensor?> items) => items.Length switch
    {
        0 => default,
        1 => new(items[0], null, null, 1),
        2 => new(items[0], items[1], null, 2),
        3 => new(items[0], items[1], items[2], 3),
        _ => new(items.ToArray()),
    };

    public static implicit operator Grads(torch.Tensor?[] many) => new(many);

    public torch.Tensor? this[int i] => _many is not null ? _many[i] : i switch { 0 => _g0, 1 => _g1, _ => _g2 };

    public IEnumerator<torch.Tensor?> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

public static partial class torch
{
    [ThreadStatic] private static bool _gradDisabled;
    [ThreadStatic] private static bool _anomalyDetection;
    private static int _backwardStamp;

    /// <summary>True unless inside a <see cref="no_grad"/> scope.</summary>
    public static bool is_grad_enabled() => !_gradDisabled;

    /// <summary>
    /// Disables gradient recording until the returned scope is disposed:
    /// <c>using (torch.no_grad()) { ... }</c>. Use it for target networks, evaluation and acting.
    /// </summary>
    public static IDisposable no_grad() => new GradModeScope(enabled: false);

    /// <summary>Re-enables gradient recording inside a <see cref="no_grad"/> scope until disposed.</summary>
    public static IDisposable enable_grad() => new GradModeScope(enabled: true);

    /// <summary>Sets whether gradients are recorded; returns a scope restoring the previous mode.</summary>
    public static IDisposable set_grad_enabled(bool enabled) => new GradModeScope(enabled);

    private sealed class GradModeScope : IDisposable
    {
        private readonly bool _previousDisabled;
        private bool _disposed;

        public GradModeScope(bool enabled)
        {
            _previousDisabled = _gradDisabled;
            _gradDisabled = !enabled;
        }

        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _gradDisabled = _previousDisabled;
        }
    }

    /// <summary>Autograd utilities, as in <c>torch.autograd</c>.</summary>
    public static class autograd
    {
        /// <summary>
        /// While the returned scope is alive, every operation checks its result and every backward step
        /// checks its gradients for NaN/Inf, and throws naming the operation that produced them.
        /// </summary>
        public static IDisposable detect_anomaly() => new AnomalyScope();

        /// <summary>Turns anomaly detection on or off for this thread.</summary>
        public static void set_detect_anomaly(bool enabled) => _anomalyDetection = enabled;

        /// <summary>Whether anomaly detection is on.</summary>
        public static bool is_anomaly_enabled() => _anomalyDetection;

        private sealed class AnomalyScope : IDisposable
        {
            private readonly bool _previous = _anomalyDetection;
            public AnomalyScope() => _anomalyDetection = true;
            public void Dispose() => _anomalyDetection = _previous;
        }
    }

    internal static class Autograd
    {
        public static bool ShouldRecord(Tensor a) => !_gradDisabled && a._requiresGrad;
        public static bool ShouldRecord(Tensor a, Tensor b) => !_gradDisabled && (a._requiresGrad || b._requiresGrad);
        public static bool ShouldRecord(Tensor a, Tensor b, Tensor c) => !_gradDisabled && (a._requiresGrad || b._requiresGrad || c._requiresGrad);

        /// <summary>Attaches a node to <paramref name="result"/> so backward() can reach <paramref name="inputs"/>.</summary>
        public static Tensor Record(Tensor result, string name, ReadOnlySpan<Tensor> inputs, Func<Tensor, Grads> backward)
        {
            if (_anomalyDetection) CheckFinite(result, $"{name} (forward)");
            if (_gradDisabled) return result;
            bool any = false;
            foreach (var t in inputs) any |= t._requiresGrad;
            if (!any) return result;
            result._node = new ClosureNode(name, inputs, backward);
            result._requiresGrad = true;
            return result;
        }

        /// <summary>
        /// Records <paramref name="result"/> with a static backward (no closure): the caller has checked
        /// <see cref="ShouldRecord(Tensor)"/> and fills the returned node's fields.
        /// </summary>
        public static OpNode Op(Tensor result, string name, ReadOnlySpan<Tensor> inputs, Func<Tensor, OpNode, Grads> backward)
        {
            if (_anomalyDetection) CheckFinite(result, $"{name} (forward)");
            var node = new OpNode(name, inputs, backward);
            result._node = node;
            result._requiresGrad = true;
            return node;
        }

        /// <summary>Runs only under anomaly detection, so the hot path never pays for the scan.</summary>
        public static Tensor CheckForward(Tensor result, string name)
        {
            if (_anomalyDetection) CheckFinite(result, $"{name} (forward)");
            return result;
        }

        private static void CheckFinite(Tensor t, string where)
        {
            if (!t.is_floating_point()) return;
            for (int i = 0; i < t._numel; i++)
            {
                double v = t.ReadAsDouble(i);
                if (double.IsNaN(v) || double.IsInfinity(v))
                    throw new ArithmeticException(
                        $"detect_anomaly: {where} produced {(double.IsNaN(v) ? "NaN" : v.ToString())} at flat index {i} of a tensor of shape {Shape.Format(t._shape)}. " +
                        "Common causes: log of 0 or a negative number, division by 0, exp overflow, a learning rate that is too large.");
            }
        }

        public static void Backward(Tensor root, Tensor? gradient)
        {
            // Every gradient tensor this pass creates lives in this scope and is recycled when the pass ends.
            using var scratch = DisposeScope.ForBackward();
            if (!root._requiresGrad)
                throw new InvalidOperationException(
                    "backward: this tensor does not require grad, so there is nothing to differentiate. Either none of the tensors it was " +
                    "computed from has requires_grad=true (network parameters do), or it was computed inside torch.no_grad().");
            if (gradient is null)
            {
                if (root._numel != 1)
                    throw new InvalidOperationException(
                        $"backward: the tensor has shape {Shape.Format(root._shape)}; backward() without an argument needs a single number (a scalar loss). " +
                        "Reduce it first, e.g. loss.mean() or loss.sum().");
                gradient = ones_like(root);
            }
            else if (!Shape.Equal(gradient._shape, root._shape))
                throw new ArgumentException($"backward: gradient has shape {Shape.Format(gradient._shape)} but the tensor has shape {Shape.Format(root._shape)}.");

            if (root._node is null)
            {
                Accumulate(root, gradient);   // backward() on a leaf: its gradient is the one given
                return;
            }
            var order = TopologicalOrder(root);
            var leaves = _leafGrads ??= new Dictionary<Tensor, Tensor>(ReferenceEqualityComparer.Instance);
            root._node.PendingGrad = gradient;
            try
            {
                RunBackward(order, leaves);
                foreach (var (leaf, g) in leaves) Accumulate(leaf, g);
            }
            finally
            {
                // A backward pass that throws (e.g. under detect_anomaly) must not leave gradients parked
                // on nodes, or the next backward through them would add the stale values.
                foreach (var t in order) t._node!.PendingGrad = null;
                order.Clear();   // the list and the dictionary are reused: drop the references so the graph can be collected
                leaves.Clear();
            }
        }

        // Gradients summed for leaf tensors during one backward pass, added to their .grad at the end.
        [ThreadStatic] private static Dictionary<Tensor, Tensor>? _leafGrads;

        private static void RunBackward(List<Tensor> order, Dictionary<Tensor, Tensor> leaves)
        {
            using (no_grad())
            {
                foreach (var t in order)
                {
                    var node = t._node!;
                    var g = node.PendingGrad;
                    node.PendingGrad = null;
                    if (g is null) continue;
                    if (node.SumVersions() != node.InputVersions)
                        throw new InvalidOperationException(
                            $"backward: a tensor that '{node.Name}' needs for its gradient was modified in place after the forward pass " +
                            "(add_/mul_/copy_/fill_ on an input, or optimizer.step() before backward()). Compute the loss again, or clone() the tensor before changing it.");
                    Grads grads;
                    if (!_anomalyDetection) grads = node.Backward(g);
                    else
                    {
                        // The ops inside a backward function must not report themselves as the culprit
                        // ("div (forward)"): the check below names the op whose backward this is.
                        _anomalyDetection = false;
                        try { grads = node.Backward(g); }
                        finally { _anomalyDetection = true; }
                    }
                    if (grads.Count != node.InputCount)
                        throw new InvalidOperationException($"autograd internal error: {node.Name} returned {grads.Count} gradients for {node.InputCount} inputs.");
                    for (int i = 0; i < node.InputCount; i++)
                    {
                        var input = node.Input(i);
                        var gi = grads[i];
                        if (gi is null || !input._requiresGrad) continue;
                        if (!Shape.Equal(gi._shape, input._shape))
                            throw new InvalidOperationException($"autograd internal error: {node.Name} returned a gradient of shape {Shape.Format(gi._shape)} for an input of shape {Shape.Format(input._shape)}.");
                        if (_anomalyDetection) CheckFinite(gi, $"the backward of {node.Name}");
                        if (input._node is { } inNode) inNode.PendingGrad = inNode.PendingGrad is null ? gi : inNode.PendingGrad.add(gi);
                        else leaves[input] = leaves.TryGetValue(input, out var sum) ? sum.add(gi) : gi;
                    }
                }
            }
        }

        private static void Accumulate(Tensor leaf, Tensor g)
        {
            if (g._dtype != leaf._dtype) g = g.to_type(leaf._dtype);
            if (leaf._grad is null) leaf._grad = g.clone().DetachFromDisposeScope();   // gradients outlive any step scope
            else leaf._grad.add_(g);
        }

        /// <summary>The non-leaf tensors reachable from the root, each after every tensor that consumes it.</summary>
        [ThreadStatic] private static List<Tensor>? _order;
        [ThreadStatic] private static Stack<(Tensor t, int next)>? _walk;

        private static List<Tensor> TopologicalOrder(Tensor root)
        {
            int stamp = Interlocked.Increment(ref _backwardStamp);
            // Reused per thread: a training step should not allocate its graph walk.
            var post = _order ??= new List<Tensor>();
            var stack = _walk ??= new Stack<(Tensor t, int next)>();
            post.Clear();
            stack.Clear();
            root._node!.VisitStamp = stamp;
            stack.Push((root, 0));
            while (stack.Count > 0)
            {
                var (t, next) = stack.Pop();
                var node = t._node!;
                if (next < node.InputCount)
                {
                    stack.Push((t, next + 1));
                    var child = node.Input(next);
                    if (child._requiresGrad && child._node is { } childNode && childNode.VisitStamp != stamp)
                    {
                        childNode.VisitStamp = stamp;
                        stack.Push((child, 0));
                    }
                }
                else post.Add(t);
            }
            post.Reverse();
            return post;
        }
    }

    public partial class Tensor
    {
        /// <summary>
        /// Computes gradients of this tensor (a scalar loss) with respect to every leaf that requires grad,
        /// and adds them to each leaf's <see cref="grad"/>.
        /// </summary>
        /// <param name="grad_tensors">For a non-scalar tensor: one gradient of its own shape (TorchSharp's signature).</param>
        /// <param name="retain_graph">Accepted for compatibility: this engine always keeps the graph.</param>
        /// <param name="create_graph">Higher-order gradients are not supported: must be false.</param>
        /// <param name="inputs">Not supported: must be null (gradients go to every leaf).</param>
        public void backward(IList<Tensor>? grad_tensors = null, bool retain_graph = false, bool create_graph = false, IList<Tensor>? inputs = null)
        {
            if (create_graph) throw new NotSupportedException("backward: create_graph (higher-order gradients) is not supported by CourseKit's engine.");
            if (inputs is not null) throw new NotSupportedException("backward: 'inputs' is not supported; gradients reach every leaf that requires grad.");
            if (grad_tensors is { Count: > 1 }) throw new ArgumentException($"backward: give one gradient for this tensor, got {grad_tensors.Count}.");
            Autograd.Backward(this, grad_tensors is { Count: 1 } ? grad_tensors[0] : null);
        }

        /// <summary>A tensor sharing this one's values but cut from the autograd graph.</summary>
        public Tensor detach() => Alias(_shape);

        /// <summary>Detaches this tensor from the graph in place and returns it.</summary>
        public Tensor detach_()
        {
            _node = null;
            _requiresGrad = false;
            return this;
        }
    }
}
