using CourseKit.Buffers;
using CourseKit.Rl;
using CourseKit.Torch;

namespace CourseKit.Benchmarks;

/// <summary>Replay-buffer sampling speed and the frame-stack buffer's memory per frame.</summary>
public sealed class BufferBenchmarks : IBenchmarkSuite
{
    public string Name => "buffers";
    public string Description => "replay sampling time (CartPole-shaped, batch 128), frame-stack sampling (4x84x84 and 4x20x20, batch 32), bytes per stored frame";

    public void Run()
    {
        var rng = new SeededRandom(0);
        var replay = new ReplayBuffer(100_000, [4], rng);
        var o = new float[4];
        for (int i = 0; i < 100_000; i++) { o[0] = i; replay.Insert(o, i % 2, 1.0, o, i % 200 == 0); }
        Measure.Report("replay_sample_b128_us", Measure.SecondsPerCall(() => { using (torch.NewDisposeScope()) replay.Sample(128); }, callsPerRound: 20_000) * 1e6, "us");

        var frames = Filled(100_000, 84, rng);
        Measure.Report("framestack_sample_b32_us", Measure.SecondsPerCall(() => { using (torch.NewDisposeScope()) frames.Sample(32); }, callsPerRound: 500) * 1e6, "us");
        int saved = CourseKit.Torch.Kernels.Gemm.MaxThreads;
        try
        {
            CourseKit.Torch.Kernels.Gemm.MaxThreads = 1;
            Measure.Report("framestack_sample_b32_1t_us", Measure.SecondsPerCall(() => { using (torch.NewDisposeScope()) frames.Sample(32); }, callsPerRound: 500) * 1e6, "us");
        }
        finally
        {
            CourseKit.Torch.Kernels.Gemm.MaxThreads = saved;
        }
        Measure.Report("framestack_bytes_per_frame", frames.StorageBytes / 100_000.0, "B");
        // The pixel notebook's size: 4×20×20 stacks from a 20,000-frame buffer.
        var small = Filled(20_000, 20, rng);
        Measure.Report("framestack20_sample_b32_us", Measure.SecondsPerCall(() => { using (torch.NewDisposeScope()) small.Sample(32); }, callsPerRound: 5_000) * 1e6, "us");
    }

    /// <summary>A buffer of <paramref name="count"/> side×side frames in episodes of 500 (the last step of each terminal).</summary>
    static FrameStackReplayBuffer Filled(int count, int side, Random rng)
    {
        var frames = new FrameStackReplayBuffer(count, 4, side, side, rng: rng);
        var frame = new byte[side * side];
        for (int i = 0; i < count; i++)
        {
            frame[0] = (byte)i;
            if (i % 500 == 0) frames.OnReset(frame);
            else frames.Insert(i % 6, 1.0, frame, done: i % 500 == 499);
        }
        return frames;
    }
}
