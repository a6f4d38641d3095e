namespace CourseKit.Checks.Bc;

/// <summary>
/// Visible checks of <c>bc.sample_indices</c>:
/// <c>static int[] SampleIndices(int count, int batchSize, Random rng)</c>: batchSize distinct indices in [0, count).
/// </summary>
[ExerciseChecks("bc.sample_indices")]
public static class SampleIndicesChecks
{
    /// <summary>The self-check cell: <c>SampleIndicesChecks.Run(SampleIndices);</c></summary>
    public static SelfCheckReport Run(Func<int, int, Random, int[]> sampleIndices) => SelfCheck.Run("bc.sample_indices", sampleIndices);

    /// <summary>One call: the right number of distinct indices, all in range.</summary>
    public static int[] Verify(Func<int, int, Random, int[]> f, int count, int batchSize, Random rng)
    {
        string call = $"SampleIndices(count: {count}, batchSize: {batchSize}, rng)";
        var got = f(count, batchSize, rng);
        Expect.True(got is not null, $"{call} returned null.");
        Expect.True(got!.Length == batchSize, $"{call} returned {got.Length} indices; expected {batchSize}.");
        var outside = got.Where(i => i < 0 || i >= count).ToList();
        Expect.True(outside.Count == 0, $"{call} returned {string.Join(", ", outside)}, outside [0, {count}).");
        var repeated = got.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Expect.True(repeated.Count == 0, $"{call} returned index {string.Join(", ", repeated)} more than once; sampling is WITHOUT replacement (every index at most once).");
        return got;
    }

    /// <summary>Distinct, in range, and not the same batch every time.</summary>
    [Check(Description = "distinct indices in [0, count), different batches from one rng")]
    public static void Distinct(Func<int, int, Random, int[]> f)
    {
        var rng = new Random(1);
        var batches = Enumerable.Range(0, 20).Select(_ => Verify(f, 50, 10, rng)).ToList();
        Expect.True(batches.Select(b => string.Join(",", b.Order())).Distinct().Count() > 1,
            "SampleIndices(50, 10, rng) returned the same indices in 20 calls with one rng: draw them at random with rng.");
        var again = Verify(f, 50, 10, new Random(42));
        var twice = Verify(f, 50, 10, new Random(42));
        Expect.True(again.SequenceEqual(twice),
            "SampleIndices(50, 10, new Random(42)) gave different indices on two calls: draw every random number from the rng you are given (no new Random(), no Random.Shared), so that a seed reproduces a run.");
    }

    /// <summary>
    /// Every subset equally likely: 2 of 5 indices, 2000 times, puts each of the 10 pairs together about 200 times.
    /// A random start followed by a fixed pattern (consecutive indices) reaches only some pairs.
    /// </summary>
    [Check(Weight = 3, Description = "every subset is equally likely: 2 of 5, each of the 10 pairs about 200 times in 2000")]
    public static void EverySubset(Func<int, int, Random, int[]> f)
    {
        var rng = new Random(5);
        var pairs = new int[5, 5];
        for (int r = 0; r < 2000; r++)
        {
            var got = Verify(f, 5, 2, rng);
            pairs[Math.Min(got[0], got[1]), Math.Max(got[0], got[1])]++;
        }
        var counts = Enumerable.Range(0, 5).SelectMany(a => Enumerable.Range(a + 1, 4 - a).Select(b => (a, b, n: pairs[a, b]))).ToList();
        var off = counts.Where(c => c.n < 140 || c.n > 260).ToList();
        Expect.True(off.Count == 0,
            $"SampleIndices(count: 5, batchSize: 2, rng) 2000 times should draw each of the 10 pairs about 200 times; got {string.Join(", ", counts.Select(c => $"{{{c.a}, {c.b}}}: {c.n}"))}. " +
            "Every subset must be equally likely (a uniform sample without replacement), not only every index: a random start with a fixed pattern after it is not enough.");
    }

    /// <summary>Too large a batch is an error.</summary>
    [Check(Description = "batchSize > count throws ArgumentException")]
    public static void TooMany(Func<int, int, Random, int[]> f)
    {
        try { f(3, 4, new Random(0)); }
        catch (ArgumentException) { return; }
        throw new CheckFailedException("SampleIndices(count: 3, batchSize: 4, rng) must throw ArgumentException: there are not 4 distinct indices below 3.");
    }
}
