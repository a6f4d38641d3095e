using CourseKit.Backend;

namespace CourseKit.Buffers;

/// <summary>A minibatch of transitions as tensors, the shapes a DQN loss expects.</summary>
/// <param name="Observations">[B, ...obsShape] float32.</param>
/// <param name="Actions">[B] int64 action indices (ready for <c>gather(1, Actions.unsqueeze(-1))</c>).</param>
/// <param name="Rewards">[B] float32.</param>
/// <param name="NextObservations">[B, ...obsShape] float32.</param>
/// <param name="Dones">[B] float32, 1 where the transition ended the task (terminated), else 0.</param>
public sealed record ReplayBatch(Tensor Observations, Tensor Actions, Tensor Rewards, Tensor NextObservations, Tensor Dones);

/// <summary>
/// Fixed-capacity experience replay for DQN: transitions go into preallocated ring storage (the oldest
/// is overwritten when full) and <see cref="Sample"/> draws a batch uniformly without duplicates.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _obs, _nextObs, _rewards, _dones;
    private readonly long[] _actions;
    private readonly int _obsSize;
    private readonly long[] _obsShape;
    private readonly int[] _order;          // a permutation of 0..Count-1, partially reshuffled per sample
    private readonly Random _rng;
    private int _next;

    /// <summary>Creates an empty buffer holding up to <paramref name="capacity"/> transitions of observations shaped <paramref name="obsShape"/>.</summary>
    /// <param name="capacity">Maximum number of transitions kept.</param>
    /// <param name="obsShape">Shape of one observation, e.g. <c>[4]</c> for CartPole.</param>
    /// <param name="rng">Random source for sampling; defaults to <see cref="Rl.Seed.Shared"/>.</param>
    public ReplayBuffer(int capacity, int[] obsShape, Random? rng = null)
    {
        if (capacity < 1) throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "ReplayBuffer: capacity must be at least 1.");
        ArgumentNullException.ThrowIfNull(obsShape);
        if (obsShape.Length == 0 || obsShape.Any(d => d < 1)) throw new ArgumentException($"ReplayBuffer: obsShape must list positive sizes, got [{string.Join(", ", obsShape)}].");
        Capacity = capacity;
        _obsShape = obsShape.Select(d => (long)d).ToArray();
        _obsSize = obsShape.Aggregate(1, (a, b) => checked(a * b));
        long floats = (long)capacity * _obsSize;
        if (floats > int.MaxValue) throw new ArgumentException($"ReplayBuffer: {capacity:N0} observations of {_obsSize:N0} floats do not fit in one array; use a smaller capacity or FrameStackReplayBuffer for images.");
        _obs = new float[floats];
        _nextObs = new float[floats];
        _rewards = new float[capacity];
        _dones = new float[capacity];
        _actions = new long[capacity];
        _order = new int[capacity];
        _rng = rng ?? Rl.Seed.Shared;
    }

    /// <summary>Maximum number of transitions.</summary>
    public int Capacity { get; }

    /// <summary>Transitions currently held.</summary>
    public int Count { get; private set; }

    /// <summary>Shape of one observation.</summary>
    public IReadOnlyList<long> ObservationShape => _obsShape;

    /// <summary>
    /// Stores one transition. Pass <paramref name="done"/> = terminated only: a time-limit truncation is not
    /// a terminal state, so its target must still bootstrap from <paramref name="nextObs"/>.
    /// </summary>
    public void Insert(float[] obs, int action, double reward, float[] nextObs, bool done)
    {
        CheckObs(obs, nameof(obs));
        CheckObs(nextObs, nameof(nextObs));
        if (!double.IsFinite(reward)) throw new ArgumentException($"ReplayBuffer.Insert: reward is {reward}; rewards must be finite numbers.", nameof(reward));
        int i = _next;
        Array.Copy(obs, 0, _obs, (long)i * _obsSize, _obsSize);
        Array.Copy(nextObs, 0, _nextObs, (long)i * _obsSize, _obsSize);
        _actions[i] = action;
        _rewards[i] = (float)reward;
        _dones[i] = done ? 1f : 0f;
        if (Count < Capacity) { _order[Count] = Count; Count++; }
        _next = (_next + 1) % Capacity;
    }

    private void CheckObs(float[] o, string name)
    {
        if (o is null) throw new ArgumentNullException(name);
        if (o.Length != _obsSize)
            throw new ArgumentException($"ReplayBuffer.Insert: {name} has {o.Length} values but this buffer stores observations of shape [{string.Join(", ", _obsShape)}] ({_obsSize} values).", name);
    }

    /// <summary>Draws <paramref name="batchSize"/> distinct transitions uniformly at random.</summary>
    public ReplayBatch Sample(int batchSize)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "ReplayBuffer.Sample: batch size must be at least 1.");
        if (batchSize > Count)
            throw new InvalidOperationException(
                $"ReplayBuffer.Sample: asked for {batchSize} transitions but the buffer holds {Count}. " +
                "Collect more experience first (start learning only once Count >= batch size, e.g. after 'learning starts' steps).");
        var picks = new int[batchSize];
        for (int b = 0; b < batchSize; b++)
        {
            // Partial Fisher–Yates on a persistent permutation: O(batch) and never a duplicate.
            int j = b + _rng.Next(Count - b);
            (_order[b], _order[j]) = (_order[j], _order[b]);
            picks[b] = _order[b];
        }
        return Gather(picks);
    }

    /// <summary>The transitions at the given positions, as a batch.</summary>
    internal ReplayBatch Gather(int[] picks)
    {
        int batchSize = picks.Length;
        var obs = TensorData.Create<float>([batchSize, .. _obsShape], dst => GatherRows(_obs, picks, dst));
        var next = TensorData.Create<float>([batchSize, .. _obsShape], dst => GatherRows(_nextObs, picks, dst));
        var act = TensorData.GatherValues(_actions, picks, batchSize);
        var rew = TensorData.GatherValues(_rewards, picks, batchSize);
        var done = TensorData.GatherValues(_dones, picks, batchSize);
        return new ReplayBatch(obs, act, rew, next, done);
    }

    private void GatherRows(float[] rows, int[] picks, Span<float> dst)
    {
        for (int b = 0; b < picks.Length; b++)
            rows.AsSpan(picks[b] * _obsSize, _obsSize).CopyTo(dst.Slice(b * _obsSize, _obsSize));
    }

    /// <summary>The buffer's contents and cursor as tensors (for checkpoints).</summary>
    internal Dictionary<string, Tensor> ExportState() => new()
    {
        ["observations"] = torch.tensor(_obs),
        ["next_observations"] = torch.tensor(_nextObs),
        ["actions"] = torch.tensor(_actions),
        ["rewards"] = torch.tensor(_rewards),
        ["dones"] = torch.tensor(_dones),
        ["order"] = torch.tensor(_order.Select(i => (long)i).ToArray()),
        ["cursor"] = torch.tensor(new long[] { Count, _next }),
    };

    /// <summary>Restores <see cref="ExportState"/> into a buffer of the same capacity and observation shape.</summary>
    internal void ImportState(IReadOnlyDictionary<string, Tensor> state)
    {
        var obs = TensorData.ToArray<float>(state["observations"]);
        if (obs.Length != _obs.Length)
            throw new InvalidDataException($"ReplayBuffer: the saved buffer holds {obs.Length} observation values but this one holds {_obs.Length}; build it with the same capacity and obsShape.");
        obs.CopyTo(_obs, 0);
        TensorData.ToArray<float>(state["next_observations"]).CopyTo(_nextObs, 0);
        TensorData.ToArray<long>(state["actions"]).CopyTo(_actions, 0);
        TensorData.ToArray<float>(state["rewards"]).CopyTo(_rewards, 0);
        TensorData.ToArray<float>(state["dones"]).CopyTo(_dones, 0);
        var order = TensorData.ToArray<long>(state["order"]);
        for (int i = 0; i < _order.Length; i++) _order[i] = (int)order[i];
        var cursor = TensorData.ToArray<long>(state["cursor"]);
        Count = (int)cursor[0];
        _next = (int)cursor[1];
    }
}
