using CourseKit.Buffers;
using CourseKit.Checks;
using CourseKit.Checks.Dqn;
using CourseKit.Checks.Pixels;
using CourseKit.Envs;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.HiddenChecks.Pixels;

// Hidden checks of notebooks/04_dqn_pixels.ipynb: run by the grader and `dotnet test`, never by the
// notebook's self-check cells. They probe what the visible checks leave open: other factors and
// non-square frames, the game's own frames, conv arithmetic that must round down, other network
// sizes, stacks at the very start of the data and against CourseKit's frame-stack buffer, no-op counts
// over other ranges and many short episodes, and the Nature CNN with other inputs and outputs.

[ExerciseChecks("pixels.preprocess")]
public static class PreprocessHidden
{
    [Check(Description = "factor 4 on a non-square picture")]
    public static void Factor4NonSquare(Func<float[], int, int, int, byte[]> f) =>
        PreprocessChecks.Verify(f, PixelsFixtures.RandomPicture(8, 12, seed: 7), 8, 12, 4, "Preprocess(a random 8x12 picture, 8, 12, factor 4)");

    [Check(Description = "the game's own frame, 40x40 -> 20x20")]
    public static void GameFrame(Func<float[], int, int, int, byte[]> f)
    {
        var env = new PixelCatchEnv(flicker: false);
        var (obs, _) = env.Reset(seed: 3);
        for (int i = 0; i < 3; i++) obs = env.Step(2).Observation;
        PreprocessChecks.Verify(f, obs, PixelCatchEnv.Height, PixelCatchEnv.Width, 2, "Preprocess(a PixelCatch frame, 40, 40, factor 2)");
    }

    [Check(Description = "sizes that are not a multiple of the factor drop the leftover rows and columns")]
    public static void Leftovers(Func<float[], int, int, int, byte[]> f) =>
        PreprocessChecks.Verify(f, PixelsFixtures.RandomPicture(5, 7, seed: 12), 5, 7, 2, "Preprocess(a random 5x7 picture, 5, 7, factor 2)");

    [Check(Description = "white stays 255 and rounding goes to the nearest byte")]
    public static void Extremes(Func<float[], int, int, int, byte[]> f) =>
        PreprocessChecks.Verify(f, [255, 255, 255, 255, 255, 255, 0, 0, 0, 10, 10, 10, 1, 2, 3, 4, 5, 6], 3, 2, 1, "Preprocess(white, white, black, grey 10 and two dark pixels, 3, 2, factor 1)");
}

[ExerciseChecks("pixels.conv_output_size")]
public static class ConvOutputSizeHidden
{
    [Check(Description = "more sizes that do not divide evenly, with and without padding")]
    public static void RoundsDownMore(Func<long, long, long, long, long> f)
    {
        ConvOutputSizeChecks.Verify(f, 21, 4, 2, 0);
        ConvOutputSizeChecks.Verify(f, 10, 3, 3, 1);
        ConvOutputSizeChecks.Verify(f, 11, 3, 3, 0);   // 8/3 = 2.67: rounding to nearest would give one too many
    }

    [Check(Description = "the kernel as large as the input gives 1")]
    public static void KernelFillsInput(Func<long, long, long, long, long> f) => ConvOutputSizeChecks.Verify(f, 7, 7, 1, 0);
}

[ExerciseChecks("pixels.q_network")]
public static class QNetworkHidden
{
    [Check(Description = "a single 84x84 frame with 6 actions")]
    public static void NatureSize(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => QNetworkChecks.Verify(f, 1, 84, 84, 6, batch: 1);

    [Check(Description = "the network can learn: a gradient step changes every parameter")]
    public static void Trainable(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f)
    {
        torch.manual_seed(1);
        var net = f(4, 20, 20, 3);
        var before = net.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var opt = torch.optim.SGD(net.parameters(), 0.1);
        var loss = net.forward(torch.rand(new long[] { 2, 4, 20, 20 })).pow(2).mean();
        loss.backward();
        opt.step();
        var after = net.parameters().Select(p => p.data<float>().ToArray()).ToList();
        for (int i = 0; i < before.Count; i++)
            Expect.True(!before[i].SequenceEqual(after[i]),
                $"BuildQNetwork(4, 20, 20, 3): parameter {i} did not change after a gradient step; every layer must be part of the forward pass (with ReLU between, not after the last layer).");
    }

    [Check(Description = "the specified layers and activations, for 2 frames of 36x28 and 5 actions")]
    public static void SameFunctionOtherSize(Func<int, int, int, int, nn.Module<Tensor, Tensor>> f) => QNetworkChecks.SameFunction(f, 2, 36, 28, 5);
}

[ExerciseChecks("pixels.stack_frames")]
public static class StackFramesHidden
{
    [Check(Description = "at the first frame of the data and of an episode")]
    public static void Starts(Func<IReadOnlyList<byte[]>, IReadOnlyList<bool>, int, int, float[]> f)
    {
        StackFramesChecks.Verify(f, [false, false, false], t: 1, k: 4);
        StackFramesChecks.Verify(f, [true, false, false, true, false], t: 3, k: 3);
        StackFramesChecks.Verify(f, [true, false, false, false], t: 0, k: 1);
    }

    [Check(Description = "the same stacks as CourseKit's FrameStackReplayBuffer")]
    public static void MatchesBuffer(Func<IReadOnlyList<byte[]>, IReadOnlyList<bool>, int, int, float[]> f)
    {
        var rng = new Random(9);
        var buffer = new FrameStackReplayBuffer(capacity: 100, frameHistoryLen: 4, height: 3, width: 2);
        var frames = new List<byte[]>();
        var starts = new List<bool>();
        for (int t = 0; t < 20; t++)
        {
            var frame = new byte[6];
            rng.NextBytes(frame);
            bool start = t is 0 or 6 or 8;
            if (start) buffer.OnReset(frame); else buffer.Insert(0, 0, frame, done: t is 5 or 7);
            frames.Add(frame);
            starts.Add(start);
            var expected = buffer.RecentObservation().data<float>().ToArray();
            var actual = f(frames, starts, t, 4);
            StackFramesChecks.Same(expected, actual, 4, frames, $"StackFrames(20 random 3x2 frames, episode starts at [0, 6, 8], t: {t}, k: 4)", "FrameStackReplayBuffer.RecentObservation() after the same frames gives");
        }
    }
}

[ExerciseChecks("pixels.noop_starts")]
public static class NoopStartsHidden
{
    [Check(Description = "noopMax 1 on one-step episodes: one no-op, then a new episode, every time")]
    public static void OneNoop(Func<Env<float[], int>, int?, int, Random, (float[], IReadOnlyDictionary<string, object>)> f) =>
        NoopStartsChecks.Verify(f, [(1, SpyEnd.Terminated)], NoopStartsChecks.Seeds(20, 0), noopMax: 1, rngSeed: 3, "last 1 step");

    [Check(Description = "noopMax 30, as in DQN's evaluation: 200 resets from one rng, episodes cut by a time limit")]
    public static void ThirtyNoops(Func<Env<float[], int>, int?, int, Random, (float[], IReadOnlyDictionary<string, object>)> f) =>
        NoopStartsChecks.Verify(f, [(25, SpyEnd.Truncated)], NoopStartsChecks.Seeds(200, 1000), noopMax: 30, rngSeed: 11, "are truncated after 25 steps");

    [Check(Description = "several episodes end during the no-ops, each new one unseeded")]
    public static void ManyShortEpisodes(Func<Env<float[], int>, int?, int, Random, (float[], IReadOnlyDictionary<string, object>)> f) =>
        NoopStartsChecks.Verify(f, [(2, SpyEnd.Both), (1, SpyEnd.Truncated), (4, SpyEnd.Terminated)], [9], noopMax: 30,
            NoopStartsChecks.RngSeedDrawing(20, 30), "last 2, 1 and 4 steps, n = 20");
}

[ExerciseChecks("pixels.nature_cnn")]
public static class NatureCnnHidden
{
    [Check(Description = "one frame and Atari's full 18 actions")]
    public static void OneFrameEighteenActions(Func<int, int, (nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>)> f) =>
        NatureCnnChecks.SameFunction(f, 1, 18);

    [Check(Description = "two frames and four actions: the specified layers, a batch of 3 gives [3, 3136] features")]
    public static void TwoFramesFourActions(Func<int, int, (nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>)> f)
    {
        NatureCnnChecks.VerifyFeatures(f, 2, 4, batch: 3);
        NatureCnnChecks.SameFunction(f, 2, 4);
    }

    [Check(Description = "the network can learn: a gradient step changes every parameter")]
    public static void Trainable(Func<int, int, (nn.Module<Tensor, Tensor>, nn.Module<Tensor, Tensor>)> f)
    {
        torch.manual_seed(2);
        var (features, head) = f(4, 6);
        var net = nn.Sequential(features, head);
        var before = net.parameters().Select(p => p.data<float>().ToArray()).ToList();
        var opt = torch.optim.SGD(net.parameters(), 0.1);
        net.forward(torch.rand(new long[] { 2, 4, 84, 84 })).pow(2).mean().backward();
        opt.step();
        var after = net.parameters().Select(p => p.data<float>().ToArray()).ToList();
        for (int i = 0; i < before.Count; i++)
            Expect.True(!before[i].SequenceEqual(after[i]),
                $"BuildNatureCnn(4, 6): parameter {i} did not change after a gradient step; every layer must be part of the forward pass of Features then Head.");
    }
}
