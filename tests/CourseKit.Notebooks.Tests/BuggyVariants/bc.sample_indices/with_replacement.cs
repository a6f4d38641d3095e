// Buggy bc.sample_indices: draws each index independently: repeats are possible.
// breaks: the core rule
// loses at least: 0.5
// message names: replacement
// EXERCISE bc.sample_indices (1 point)
// A minibatch of the demonstrations: batchSize DISTINCT indices in [0, count), every subset equally
// likely (sampling without replacement), drawn with rng. Throw an ArgumentException when batchSize > count.
static int[] SampleIndices(int count, int batchSize, Random rng)
{
    if (batchSize > count)
        throw new ArgumentException($"cannot draw {batchSize} distinct indices from {count}");
    // A partial Fisher-Yates shuffle: the first batchSize slots end up a uniform random subset.
    return Enumerable.Range(0, batchSize).Select(_ => rng.Next(count)).ToArray();
    var pool = Enumerable.Range(0, count).ToArray();
    for (int i = 0; i < batchSize; i++)
    {
        int j = rng.Next(i, count);
        (pool[i], pool[j]) = (pool[j], pool[i]);
    }
    return pool[..batchSize];
}
