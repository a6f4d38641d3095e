using CourseKit.Buffers;
using CourseKit.Rl;

namespace CourseKit.Tests.Buffers;

/// <summary>The FIFO-capped dataset of behavioural cloning and DAgger: what it keeps, in which order, and what it samples.</summary>
public class TrajectoryDatasetTests
{
    static float[] Obs(int i) => [i, -i];
    static float[] Act(int i) => [10 * i];

    static int[] HeldIds(TrajectoryDataset ds) => Enumerable.Range(0, ds.Count).Select(k => (int)ds[k].Observation[0]).ToArray();

    [Fact]
    public void Below_the_cap_nothing_is_evicted_and_pairs_read_back_oldest_first()
    {
        var ds = new TrajectoryDataset(maxSize: 10, rng: new SeededRandom(1));
        for (int i = 0; i < 7; i++) ds.Add(Obs(i), Act(i));
        Assert.Equal(7, ds.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6], HeldIds(ds));
        Assert.Equal([30f], ds[3].Action);
        Assert.Equal((2, 1), (ds.ObservationSize, ds.ActionSize));
    }

    [Fact]
    public void Past_the_cap_the_oldest_pairs_go_first_across_many_wraps()
    {
        var ds = new TrajectoryDataset(maxSize: 4, rng: new SeededRandom(1));
        for (int i = 0; i < 23; i++)
        {
            ds.Add(Obs(i), Act(i));
            int kept = Math.Min(i + 1, 4);
            Assert.Equal(kept, ds.Count);
            Assert.Equal(Enumerable.Range(i + 1 - kept, kept).ToArray(), HeldIds(ds));
            for (int k = 0; k < kept; k++) Assert.Equal(10f * (i + 1 - kept + k), ds[k].Action[0]);
        }
    }

    [Fact]
    public void Rollouts_are_added_in_order_and_the_cap_counts_pairs_not_rollouts()
    {
        var ds = new TrajectoryDataset(maxSize: 5, rng: new SeededRandom(3));
        Trajectory<float[], float[]> Rollout(int from, int n) => new(
            Enumerable.Range(from, n).Select(Obs).ToArray(), Enumerable.Range(from, n).Select(Act).ToArray(),
            new double[n], Enumerable.Range(from + 1, n).Select(Obs).ToArray(), new bool[n], true);
        ds.AddRollouts([Rollout(0, 3), Rollout(3, 4)]);
        Assert.Equal([2, 3, 4, 5, 6], HeldIds(ds));
        ds.AddRollouts([Rollout(7, 1)]);
        Assert.Equal([3, 4, 5, 6, 7], HeldIds(ds));
    }

    [Fact]
    public void Pairs_are_copied_in_and_out()
    {
        var ds = new TrajectoryDataset(maxSize: 3, rng: new SeededRandom(1));
        float[] o = [1, 2], a = [3];
        ds.Add(o, a);
        o[0] = 99; a[0] = 99;
        Assert.Equal([1f, 2f], ds[0].Observation);
        ds[0].Observation[0] = 42;
        Assert.Equal(1f, ds[0].Observation[0]);
    }

    [Fact]
    public void Sampling_after_eviction_draws_only_held_pairs_each_once()
    {
        var ds = new TrajectoryDataset(maxSize: 6, rng: new SeededRandom(5));
        for (int i = 0; i < 20; i++) ds.Add(Obs(i), Act(i));
        var seen = new HashSet<int>();
        for (int draw = 0; draw < 50; draw++)
            using (torch.NewDisposeScope())
            {
                var (obs, act) = ds.SampleRandomData(4);
                var ids = obs.data<float>().ToArray().Where((_, k) => k % 2 == 0).Select(v => (int)v).ToArray();
                Assert.Equal(4, ids.Distinct().Count());
                Assert.All(ids, id => Assert.InRange(id, 14, 19));
                Assert.Equal(ids.Select(id => 10f * id), act.data<float>().ToArray());
                seen.UnionWith(ids);
            }
        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void Bad_input_gets_an_error_that_says_what_to_do()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TrajectoryDataset(maxSize: 0));
        var ds = new TrajectoryDataset(maxSize: 3, rng: new SeededRandom(1));
        Assert.Contains("empty", Assert.Throws<InvalidOperationException>(() => ds.SampleRandomData(1)).Message);
        ds.Add(Obs(1), Act(1));
        Assert.Contains("0..0", Assert.Throws<ArgumentOutOfRangeException>(() => ds[1]).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ds[-1]);
        Assert.Contains("holds 2 and 1", Assert.Throws<ArgumentException>(() => ds.Add([1f], [1f])).Message);
    }
}
