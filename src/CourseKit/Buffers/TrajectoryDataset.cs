using CourseKit.Backend;
using CourseKit.Rl;

namespace CourseKit.Buffers;

/// <summary>
/// The (observation, action) pairs of behavioural cloning and DAgger: rollouts are added whole, the
/// oldest pairs are dropped first beyond <see cref="MaxSize"/> (first in, first out: DAgger's aggregate
/// keeps the newest policies' states), and <see cref="SampleRandomData"/> draws a training batch without
/// replacement. Pairs are copied in, so a caller may reuse its arrays.
/// </summary>
public sealed class TrajectoryDataset
{
    private float[] _obs = [], _act = [];
    private int _obsDim = -1, _actDim = -1;
    private int _start;                 // ring start once full
    private readonly Random _rng;

    /// <summary>Creates an empty dataset keeping at most <paramref name="maxSize"/> pairs.</summary>
    public TrajectoryDataset(int maxSize = 1_000_000, Random? rng = null)
    {
        if (maxSize < 1) throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "TrajectoryDataset: maxSize must be at least 1.");
        MaxSize = maxSize;
        _rng = rng ?? Seed.Shared;
    }

    /// <summary>Maximum pairs kept (first in, first out).</summary>
    public int MaxSize { get; }
    /// <summary>Pairs held.</summary>
    public int Count { get; private set; }
    /// <summary>Observation size (after the first rollout).</summary>
    public int ObservationSize => _obsDim;
    /// <summary>Action size (after the first rollout).</summary>
    public int ActionSize => _actDim;

    /// <summary>The pair at <paramref name="index"/>, counted from the oldest held (0) to the newest (<see cref="Count"/> − 1); copies.</summary>
    public (float[] Observation, float[] Action) this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(index), index, $"TrajectoryDataset: index must be in 0..{Count - 1} (the pairs held, oldest first).");
            int slot = (_start + index) % MaxSize;
            return (_obs.AsSpan(slot * _obsDim, _obsDim).ToArray(), _act.AsSpan(slot * _actDim, _actDim).ToArray());
        }
    }

    /// <summary>Adds every step of every rollout.</summary>
    public void AddRollouts(IEnumerable<Trajectory<float[], float[]>> rollouts)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        foreach (var t in rollouts)
            for (int i = 0; i < t.Length; i++) Add(t.Observations[i], t.Actions[i]);
    }

    /// <summary>Adds one pair (e.g. a learner's state relabelled with the expert's action in DAgger).</summary>
    public void Add(float[] observation, float[] action)
    {
        ArgumentNullException.ThrowIfNull(observation);
        ArgumentNullException.ThrowIfNull(action);
        if (_obsDim < 0) { _obsDim = observation.Length; _actDim = action.Length; }
        if (observation.Length != _obsDim || action.Length != _actDim)
            throw new ArgumentException($"TrajectoryDataset.Add: got an observation of {observation.Length} and an action of {action.Length} values, but the dataset holds {_obsDim} and {_actDim}.");
        int slot;
        if (Count < MaxSize)
        {
            slot = Count++;
            Grow(Count);
        }
        else
        {
            slot = _start;
            _start = (_start + 1) % MaxSize;
        }
        Array.Copy(observation, 0, _obs, (long)slot * _obsDim, _obsDim);
        Array.Copy(action, 0, _act, (long)slot * _actDim, _actDim);
    }

    private void Grow(int needed)
    {
        if ((long)needed * _obsDim <= _obs.Length) return;
        int cap = (int)Math.Min(MaxSize, Math.Max(needed, Math.Max(1024, (long)_obs.Length / Math.Max(_obsDim, 1) * 2)));
        Array.Resize(ref _obs, cap * _obsDim);
        Array.Resize(ref _act, cap * _actDim);
    }

    /// <summary>A batch of <paramref name="batchSize"/> distinct pairs: observations [B, obs] and actions [B, act], float32.</summary>
    public (Tensor observations, Tensor actions) SampleRandomData(int batchSize)
    {
        if (Count == 0) throw new InvalidOperationException("TrajectoryDataset.SampleRandomData: the dataset is empty; add expert rollouts first (AddRollouts).");
        if (batchSize < 1 || batchSize > Count)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"TrajectoryDataset.SampleRandomData: batch size must be in 1..{Count} (the pairs held).");
        var picks = new int[batchSize];
        // Floyd's algorithm: distinct indices in O(batch) expected time.
        var chosen = new HashSet<int>();
        for (int j = Count - batchSize, b = 0; j < Count; j++, b++)
        {
            int t = _rng.Next(j + 1);
            picks[b] = chosen.Add(t) ? t : j;
            if (picks[b] == j) chosen.Add(j);
        }
        var obs = TensorData.Create<float>([batchSize, _obsDim], os =>
        {
            for (int b = 0; b < batchSize; b++) _obs.AsSpan(picks[b] * _obsDim, _obsDim).CopyTo(os.Slice(b * _obsDim, _obsDim));
        });
        var act = TensorData.Create<float>([batchSize, _actDim], acs =>
        {
            for (int b = 0; b < batchSize; b++) _act.AsSpan(picks[b] * _actDim, _actDim).CopyTo(acs.Slice(b * _actDim, _actDim));
        });
        return (obs, act);
    }
}
