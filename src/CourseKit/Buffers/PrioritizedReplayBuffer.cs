using CourseKit.Backend;

namespace CourseKit.Buffers;

/// <summary>A prioritized minibatch: the transitions, their importance-sampling weights and where they live (for <see cref="PrioritizedReplayBuffer.UpdatePriorities"/>).</summary>
/// <param name="Batch">The transitions.</param>
/// <param name="Weights">[B] float32 importance weights (max-normalised to 1): multiply each TD error's loss by them.</param>
/// <param name="Indices">Buffer positions of the sampled transitions.</param>
public sealed record PrioritizedBatch(ReplayBatch Batch, Tensor Weights, int[] Indices);

/// <summary>
/// Proportional prioritized experience replay (Schaul et al. 2016): transition i is drawn with
/// probability p_i^α / Σ p^α, and corrected by importance weights (N·P(i))^-β / max. New transitions get
/// the highest priority seen so far, so each is replayed at least once soon.
/// </summary>
public sealed class PrioritizedReplayBuffer
{
    private readonly ReplayBuffer _storage;
    private readonly SumTree _tree;
    private readonly Random _rng;
    private readonly double _alpha;
    private double _maxPriority = 1.0;
    private int _next;

    /// <summary>Creates the buffer.</summary>
    /// <param name="capacity">Maximum transitions.</param>
    /// <param name="obsShape">Shape of one observation.</param>
    /// <param name="alpha">How strongly priorities skew sampling (0 = uniform, 1 = fully proportional).</param>
    /// <param name="rng">Random source; defaults to <see cref="Rl.Seed.Shared"/>.</param>
    public PrioritizedReplayBuffer(int capacity, int[] obsShape, double alpha = 0.6, Random? rng = null)
    {
        if (alpha < 0) throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "PrioritizedReplayBuffer: alpha must be >= 0.");
        _storage = new ReplayBuffer(capacity, obsShape, rng);
        _tree = new SumTree(capacity);
        _rng = rng ?? Rl.Seed.Shared;
        _alpha = alpha;
    }

    /// <summary>Transitions held.</summary>
    public int Count => _storage.Count;
    /// <summary>Maximum transitions.</summary>
    public int Capacity => _storage.Capacity;

    /// <summary>The sampling probability of the transition at <paramref name="index"/>.</summary>
    public double Probability(int index) => _tree[index] / _tree.Total;

    /// <summary>Stores a transition with the current maximum priority.</summary>
    public void Insert(float[] obs, int action, double reward, float[] nextObs, bool done)
    {
        _storage.Insert(obs, action, reward, nextObs, done);
        _tree.Set(_next, Math.Pow(_maxPriority, _alpha));
        _next = (_next + 1) % Capacity;
    }

    /// <summary>Draws a batch proportionally to priority, one draw from each of B equal slices of the total (stratified).</summary>
    /// <param name="batchSize">Transitions to draw.</param>
    /// <param name="beta">Importance-sampling exponent, annealed towards 1 over training.</param>
    public PrioritizedBatch Sample(int batchSize, double beta)
    {
        if (batchSize < 1 || batchSize > Count)
            throw new InvalidOperationException($"PrioritizedReplayBuffer.Sample: asked for {batchSize} transitions but the buffer holds {Count}; collect more experience first.");
        if (beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "PrioritizedReplayBuffer.Sample: beta must be >= 0.");
        var idx = new int[batchSize];
        double total = _tree.Total, segment = total / batchSize;
        for (int b = 0; b < batchSize; b++)
        {
            double prefix = (b + _rng.NextDouble()) * segment;
            idx[b] = Math.Min(_tree.Find(Math.Min(prefix, total * (1 - 1e-12))), Count - 1);
        }
        var batch = _storage.Gather(idx);
        double maxWeight = Math.Pow(Count * _tree.Min / total, -beta);
        var w = TensorData.Create<float>([batchSize], ws =>
        {
            for (int b = 0; b < batchSize; b++) ws[b] = (float)(Math.Pow(Count * _tree[idx[b]] / total, -beta) / maxWeight);
        });
        return new PrioritizedBatch(batch, w, idx);
    }

    /// <summary>Sets new priorities (typically |TD error| + a small epsilon) for sampled transitions.</summary>
    public void UpdatePriorities(int[] indices, double[] priorities)
    {
        ArgumentNullException.ThrowIfNull(indices);
        ArgumentNullException.ThrowIfNull(priorities);
        if (indices.Length != priorities.Length)
            throw new ArgumentException($"PrioritizedReplayBuffer.UpdatePriorities: {indices.Length} indices but {priorities.Length} priorities.");
        for (int i = 0; i < indices.Length; i++)
        {
            double p = priorities[i];
            if (!(p > 0) || double.IsInfinity(p))
                throw new ArgumentException($"PrioritizedReplayBuffer.UpdatePriorities: priority {p} at position {i} must be a positive finite number; add a small epsilon to |TD error|.");
            if (indices[i] < 0 || indices[i] >= Count) throw new ArgumentOutOfRangeException(nameof(indices), indices[i], $"index outside 0..{Count - 1}.");
            _tree.Set(indices[i], Math.Pow(p, _alpha));
            _maxPriority = Math.Max(_maxPriority, p);
        }
    }
}
