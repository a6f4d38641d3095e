// Buggy dqn.replay_buffer: stores the caller's arrays instead of copies.
// breaks: the core rule
// loses at least: 0.5
// message names: copies
// EXERCISE dqn.replay_buffer (2 points)
// A ring buffer of transitions. Insert stores one (overwriting the oldest once Count == capacity) and
// keeps copies of the arrays, since the caller may reuse them. Sample returns batchSize DISTINCT
// transitions chosen uniformly at random with rng, and throws InvalidOperationException when
// batchSize > Count.
class SimpleReplayBuffer
{
    private readonly (float[] obs, int action, double reward, float[] nextObs, bool done)[] _items;
    private int _next;

    public SimpleReplayBuffer(int capacity) => _items = new (float[], int, double, float[], bool)[capacity];

    public int Count { get; private set; }

    public void Insert(float[] obs, int action, double reward, float[] nextObs, bool done)
    {
        _items[_next] = (obs, action, reward, nextObs, done);
        _next = (_next + 1) % _items.Length;
        Count = Math.Min(Count + 1, _items.Length);
    }

    public List<(float[] obs, int action, double reward, float[] nextObs, bool done)> Sample(int batchSize, Random rng)
    {
        if (batchSize > Count)
            throw new InvalidOperationException($"asked for {batchSize} transitions but only {Count} are stored");
        var chosen = new HashSet<int>();
        while (chosen.Count < batchSize) chosen.Add(rng.Next(Count));
        return chosen.Select(i => _items[i]).ToList();
    }
}
