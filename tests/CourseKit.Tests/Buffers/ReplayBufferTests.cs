using CourseKit.Buffers;
using CourseKit.Rl;
using FsCheck;
using FsCheck.Fluent;

namespace CourseKit.Tests.Buffers;

public class ReplayBufferTests
{
    private static float[] Obs(int id) => [id, id + 0.5f];

    [Fact]
    public void RingKeepsTheLastCapacityTransitionsAndSamplingNeverRepeats()
    {
        Prop.ForAll(Gen.Choose(1, 40).ToArbitrary(), Gen.Choose(0, 120).ToArbitrary(), Gen.Choose(0, 1000).ToArbitrary(), (capacity, inserts, seed) =>
        {
            var buf = new ReplayBuffer(capacity, [2], new SeededRandom(seed));
            for (int i = 0; i < inserts; i++) buf.Insert(Obs(i), i % 3, i, Obs(i + 1), i % 5 == 0);
            int expectedCount = Math.Min(inserts, capacity);
            if (buf.Count != expectedCount) return false;
            if (expectedCount == 0) return true;
            var batch = buf.Sample(expectedCount);
            var ids = batch.Observations.data<float>().ToArray().Where((_, k) => k % 2 == 0).Select(v => (int)v).ToArray();
            var expected = Enumerable.Range(inserts - expectedCount, expectedCount).ToArray();
            var rewards = batch.Rewards.data<float>().ToArray().Select(v => (int)v).ToArray();
            var next = batch.NextObservations.data<float>().ToArray().Where((_, k) => k % 2 == 0).Select(v => (int)v).ToArray();
            return ids.OrderBy(x => x).SequenceEqual(expected)          // every held transition exactly once
                && ids.SequenceEqual(rewards)                            // fields stay aligned
                && ids.Select(x => x + 1).SequenceEqual(next);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void BatchHasTheShapesAndTypesADqnLossExpects()
    {
        var buf = new ReplayBuffer(100, [4], new SeededRandom(1));
        for (int i = 0; i < 50; i++) buf.Insert([i, i, i, i], i % 2, 1.0, [i + 1, i + 1, i + 1, i + 1], i == 49);
        var b = buf.Sample(32);
        Assert.Equal(new long[] { 32, 4 }, b.Observations.shape);
        Assert.Equal(new long[] { 32, 4 }, b.NextObservations.shape);
        Assert.Equal(new long[] { 32 }, b.Actions.shape);
        Assert.Equal(torch.int64, b.Actions.dtype);
        Assert.Equal(torch.float32, b.Dones.dtype);
        var obs = b.Observations.data<float>().ToArray();
        var dones = b.Dones.data<float>().ToArray();
        for (int k = 0; k < 32; k++) Assert.Equal(obs[4 * k] == 49 ? 1f : 0f, dones[k]);
    }

    [Fact]
    public void SamplingMoreThanHeldAndWrongShapesAreClearErrors()
    {
        var buf = new ReplayBuffer(10, [4]);
        buf.Insert([0, 0, 0, 0], 0, 0, [0, 0, 0, 0], false);
        var ex = Assert.Throws<InvalidOperationException>(() => buf.Sample(32));
        Assert.Contains("holds 1", ex.Message);
        var ex2 = Assert.Throws<ArgumentException>(() => buf.Insert([0, 0], 0, 0, [0, 0, 0, 0], false));
        Assert.Contains("shape [4]", ex2.Message);
        Assert.Throws<ArgumentException>(() => buf.Insert([0, 0, 0, 0], 0, double.NaN, [0, 0, 0, 0], false));
    }

    [Fact]
    public void PrioritizedSamplingFollowsPrioritiesAndWeightsCorrectForIt()
    {
        var buf = new PrioritizedReplayBuffer(4, [1], alpha: 1.0, rng: new SeededRandom(3));
        for (int i = 0; i < 4; i++) buf.Insert([i], 0, 0, [i], false);
        buf.UpdatePriorities([0, 1, 2, 3], [1, 2, 3, 4]);
        var counts = new int[4];
        for (int r = 0; r < 5000; r++)
        {
            var s = buf.Sample(2, beta: 1.0);
            foreach (var i in s.Indices) counts[i]++;
        }
        double total = counts.Sum();
        for (int i = 0; i < 4; i++)
            Assert.InRange(counts[i] / total, (i + 1) / 10.0 - 0.02, (i + 1) / 10.0 + 0.02);
        var one = buf.Sample(4, beta: 1.0);
        var w = one.Weights.data<float>().ToArray();
        for (int k = 0; k < 4; k++)
        {
            double p = (one.Indices[k] + 1) / 10.0;
            double expected = Math.Pow(4 * p, -1) / Math.Pow(4 * 0.1, -1);
            Assert.Equal(expected, w[k], 5);
        }
        Assert.Throws<ArgumentException>(() => buf.UpdatePriorities([0], [0]));
    }

    [Fact]
    public void TrajectoryDatasetKeepsTheNewestPairsAndSamplesWithoutReplacement()
    {
        var ds = new TrajectoryDataset(maxSize: 5, rng: new SeededRandom(2));
        var traj = new Trajectory<float[], float[]>(
            Enumerable.Range(0, 8).Select(i => new float[] { i, -i }).ToArray(),
            Enumerable.Range(0, 8).Select(i => new float[] { 10 * i }).ToArray(),
            new double[8], Enumerable.Range(0, 8).Select(i => new float[] { i + 1, -i - 1 }).ToArray(), new bool[8], false);
        ds.AddRollouts([traj]);
        Assert.Equal(5, ds.Count);
        var (obs, act) = ds.SampleRandomData(5);
        var ids = obs.data<float>().ToArray().Where((_, k) => k % 2 == 0).Select(v => (int)v).OrderBy(v => v).ToArray();
        Assert.Equal(new[] { 3, 4, 5, 6, 7 }, ids);
        var acts = act.data<float>().ToArray().Select(v => (int)v / 10).OrderBy(v => v).ToArray();
        Assert.Equal(ids, acts);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds.SampleRandomData(6));
        Assert.Throws<ArgumentException>(() => ds.Add([1f], [1f]));
    }
}
