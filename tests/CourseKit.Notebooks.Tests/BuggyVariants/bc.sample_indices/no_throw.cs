// Buggy bc.sample_indices: returns fewer indices instead of throwing when batchSize > count.
// breaks: a secondary rule
// loses at least: 0.1
// message names: ArgumentException
// EXERCISE bc.sample_indices (1 point)
// A minibatch of the demonstrations: batchSize DISTINCT indices in [0, count), every subset equally
// likely (sampling without replacement), drawn with rng. Throw an ArgumentException when batchSize > count.
static int[] SampleIndices(int count, int batchSize, Random rng)
{
    batchSize = Math.Min(batchSize, count);
    // A partial Fisher-Yates shuffle: the first batchSize slots end up a uniform random subset.
    var pool = Enumerable.Range(0, count).ToArray();
    for (int i = 0; i < batchSize; i++)
    {
        int j = rng.Next(i, count);
        (pool[i], pool[j]) = (pool[j], pool[i]);
    }
    return pool[..batchSize];
}
