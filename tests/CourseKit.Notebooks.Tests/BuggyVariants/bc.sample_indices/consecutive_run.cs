// Buggy bc.sample_indices: a random start, then consecutive indices: not every subset is possible.
// breaks: the core rule
// loses at least: 0.5
// message names: subset
// EXERCISE bc.sample_indices (1 point)
// A minibatch of the demonstrations: batchSize DISTINCT indices in [0, count), every subset equally
// likely (sampling without replacement), drawn with rng. Throw an ArgumentException when batchSize > count.
static int[] SampleIndices(int count, int batchSize, Random rng)
{
    if (batchSize > count)
        throw new ArgumentException($"cannot draw {batchSize} distinct indices from {count}");
    // A partial Fisher-Yates shuffle: the first batchSize slots end up a uniform random subset.
    int start = rng.Next(count);
    return Enumerable.Range(0, batchSize).Select(i => (start + i) % count).ToArray();
    var pool = Enumerable.Range(0, count).ToArray();
    for (int i = 0; i < batchSize; i++)
    {
        int j = rng.Next(i, count);
        (pool[i], pool[j]) = (pool[j], pool[i]);
    }
    return pool[..batchSize];
}
