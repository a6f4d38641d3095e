using CourseKit.Buffers;
using CourseKit.Rl;
using CourseKit.Torch;

namespace CourseKit.Benchmarks;

/// <summary>Replay-buffer sampling speed and the frame-stack buffer's memory per frame.</summary>
public sealed class BufferBenchmarks : IBenchmarkSuite
{
    public string Name => "buffers";
    public string Description => "replay sampling time (CartPole-shaped, batch 128), frame-stack sampling (84x84x4, batch 32), bytes per stored frame";

    public void Run()
    {
        var rng = new SeededRandom(0);
        var replay = new ReplayBuffer(100_000, [4], rng);
        var o = new float[4];
        for (int i = 0; i < 100_000; i++) { o[0] = i; replay.Insert(o, i % 2, 1.0, o, i % 200 == 0); }
        Measure.Report("replay_sample_b128_us", Measure.SecondsPerCall(() => { using (torch.NewDisposeScope()) replay.Sample(128); }, callsPerRound: 20_000) * 1e6, "us");

        var frames = new FrameStackReplayBuffer(100_000, 4, 84, 84, rng: rng);
        var frame = new byte[84 * 84];
        long before = GC.GetTotalMemory(forceFullCollection: true);
        for (int i = 0; i < 100_000; i++)
        {
            frame[0] = (byte)i;
            if (i % 500 == 0) frames.OnReset(frame);
            else frames.Insert(i % 6, 1.0, frame, done: i % 500 == 499);
        }
        Measure.Report("framestack_sample_b32_us", Measure.SecondsPerCall(() => { using (torch.NewDisposeScope()) frames.Sample(32); }, callsPerRound: 500) * 1e6, "us");
        Measure.Report("framestack_bytes_per_frame", frames.StorageBytes / 100_000.0, "B");
        GC.KeepAlive(before);
    }
}
