namespace CourseKit.Buffers;

/// <summary>
/// A complete binary tree over <c>capacity</c> leaves where each inner node holds the sum (and the
/// minimum) of its children: prefix-sum search and updates in O(log n), the core of prioritized replay.
/// </summary>
internal sealed class SumTree
{
    private readonly double[] _sum, _min;
    private readonly int _leaves;

    public SumTree(int capacity)
    {
        _leaves = 1;
        while (_leaves < capacity) _leaves <<= 1;
        _sum = new double[2 * _leaves];
        _min = Enumerable.Repeat(double.PositiveInfinity, 2 * _leaves).ToArray();
        Capacity = capacity;
    }

    public int Capacity { get; }
    public double Total => _sum[1];
    public double Min => _min[1];

    public double this[int i] => _sum[_leaves + i];

    public void Set(int i, double value)
    {
        int n = _leaves + i;
        _sum[n] = value;
        _min[n] = value;
        for (n >>= 1; n >= 1; n >>= 1)
        {
            _sum[n] = _sum[2 * n] + _sum[2 * n + 1];
            _min[n] = Math.Min(_min[2 * n], _min[2 * n + 1]);
        }
    }

    /// <summary>The leaf i whose cumulative range contains <paramref name="prefix"/> (0 ≤ prefix &lt; Total).</summary>
    public int Find(double prefix)
    {
        int n = 1;
        while (n < _leaves)
        {
            if (prefix < _sum[2 * n] || _sum[2 * n + 1] == 0) n = 2 * n;
            else { prefix -= _sum[2 * n]; n = 2 * n + 1; }
        }
        return Math.Min(n - _leaves, Capacity - 1);
    }
}
