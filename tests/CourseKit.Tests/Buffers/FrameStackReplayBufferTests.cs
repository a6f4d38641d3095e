using CourseKit.Buffers;
using CourseKit.Rl;

namespace CourseKit.Tests.Buffers;

public class FrameStackReplayBufferTests
{
    private const int H = 3, W = 2;

    // Every frame is filled with its global number (1-based, < 256), so a stacked observation reveals
    // exactly which frames it was built from; 0 means zero-fill.
    private static byte[] Frame(int id) => Enumerable.Repeat((byte)id, H * W).ToArray();

    [Fact]
    public void StacksMatchANaiveReconstructionAcrossEpisodeBoundariesAndWrapAround()
    {
        var rng = new Random(5);
        var buf = new FrameStackReplayBuffer(capacity: 30, frameHistoryLen: 4, height: H, width: W, scale: 1f, rng: new SeededRandom(9));
        var episodeOf = new Dictionary<int, (int episode, int index)>();
        int id = 0, episode = 0;
        while (id < 200)
        {
            int len = rng.Next(1, 9);
            buf.OnReset(Frame(++id));
            episodeOf[id] = (episode, 0);
            for (int t = 1; t <= len && id < 200; t++)
            {
                buf.Insert(t % 3, t, Frame(++id), done: t == len);
                episodeOf[id] = (episode, t);
            }
            episode++;
            if (id >= 60)
            {
                var b = buf.Sample(8);
                var obs = b.Observations.data<float>().ToArray();
                var next = b.NextObservations.data<float>().ToArray();
                for (int k = 0; k < 8; k++)
                {
                    var o = Enumerable.Range(0, 4).Select(f => (int)obs[(k * 4 + f) * H * W]).ToArray();
                    var n = Enumerable.Range(0, 4).Select(f => (int)next[(k * 4 + f) * H * W]).ToArray();
                    Assert.Equal(Expected(o[3], episodeOf), o);
                    Assert.Equal(Expected(o[3] + 1, episodeOf), n);
                    Assert.True(id - o[3] < 30, "sampled a frame older than the capacity");
                    Assert.Equal((float)episodeOf[o[3] + 1].index, b.Rewards.data<float>().ToArray()[k]);
                }
            }
        }
    }

    private static int[] Expected(int last, Dictionary<int, (int episode, int index)> episodeOf)
    {
        var (ep, idx) = episodeOf[last];
        return Enumerable.Range(0, 4).Select(f => last - (3 - f)).Select(x => x >= 1 && episodeOf[x].episode == ep && last - x <= idx ? x : 0).ToArray();
    }

    [Fact]
    public void MisuseIsReportedClearly()
    {
        var buf = new FrameStackReplayBuffer(10, 4, H, W);
        Assert.Contains("OnReset", Assert.Throws<InvalidOperationException>(() => buf.Insert(0, 0, Frame(1), false)).Message);
        buf.OnReset(Frame(1));
        buf.Insert(0, 0, Frame(2), done: true);
        Assert.Contains("OnReset", Assert.Throws<InvalidOperationException>(() => buf.Insert(0, 0, Frame(3), false)).Message);
        Assert.Contains("3x2", Assert.Throws<ArgumentException>(() => buf.OnReset(new byte[5])).Message);
        Assert.Throws<InvalidOperationException>(() => buf.Sample(5));
    }

    [Fact]
    public void EachFrameIsStoredOnce()
    {
        var buf = new FrameStackReplayBuffer(1000, 4, 84, 84);
        double perFrame = buf.StorageBytes / (double)buf.Capacity;
        Assert.InRange(perFrame, 84 * 84, 84 * 84 + 64);
    }
}
