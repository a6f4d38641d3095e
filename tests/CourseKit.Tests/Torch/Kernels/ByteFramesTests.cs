using CourseKit.Torch.Kernels;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>The byte-frame gather that builds replay batches: every value, every length's tail, zero slots, threads.</summary>
public class ByteFramesTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(400)]      // 20×20
    [InlineData(7056)]     // 84×84
    public unsafe void ScaleMatchesTheScalarProductForEveryByteValue(int n)
    {
        var src = new byte[n];
        for (int i = 0; i < n; i++) src[i] = (byte)(i * 37 + 11);
        var dst = new float[n];
        const float scale = 1f / 255;
        fixed (byte* s = src)
        fixed (float* d = dst)
            ByteFrames.Scale(s, d, n, scale);
        for (int i = 0; i < n; i++) Assert.Equal(src[i] * scale, dst[i]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void GatherPicksFramesZeroFillsNegativeSlotsAndIgnoresThreadCount(int threads)
    {
        const int frameSize = 84 * 84, stored = 10, count = 64;   // 64 frames: above the threshold for threads
        var frames = new byte[stored * frameSize];
        new Random(3).NextBytes(frames);
        var slots = new int[count];
        for (int j = 0; j < count; j++) slots[j] = j % 5 == 0 ? -1 : (j * 7) % stored;
        var dst = new float[count * frameSize];
        Array.Fill(dst, float.NaN);
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            ByteFrames.Gather(frames, frameSize, slots, count, dst, 0, 0.5f);
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
        for (int j = 0; j < count; j++)
            for (int i = 0; i < frameSize; i += 97)
            {
                float expected = slots[j] < 0 ? 0f : frames[slots[j] * frameSize + i] * 0.5f;
                Assert.Equal(expected, dst[j * frameSize + i]);
            }
    }

    [Theory]
    [InlineData(1, 84 * 84, 0)]
    [InlineData(2, 84 * 84, 0)]
    [InlineData(2, 83 * 85, 3)]   // an odd frame size and offset: every frame starts off a 32-byte boundary
    public void LargeGathersStreamTheSameValues(int threads, int frameSize, int dstOffset)
    {
        int count = (1 << 20) / frameSize + 9, stored = 7;   // past the 4 MB from which stores stream
        var frames = new byte[stored * frameSize];
        new Random(4).NextBytes(frames);
        var slots = new int[count];
        for (int j = 0; j < count; j++) slots[j] = j % 4 == 1 ? -1 : (j * 3) % stored;
        var dst = new float[dstOffset + count * frameSize + 5];
        Array.Fill(dst, float.NaN);
        int saved = Gemm.MaxThreads;
        try
        {
            Gemm.MaxThreads = threads;
            ByteFrames.Gather(frames, frameSize, slots, count, dst, dstOffset, 1f / 255);
        }
        finally
        {
            Gemm.MaxThreads = saved;
        }
        for (int j = 0; j < count; j++)
            for (int i = 0; i < frameSize; i++)
            {
                float expected = slots[j] < 0 ? 0f : frames[slots[j] * frameSize + i] * (1f / 255);
                if (dst[dstOffset + j * frameSize + i] != expected) Assert.Fail($"frame {j}, element {i}: {dst[dstOffset + j * frameSize + i]}, expected {expected}");
            }
        Assert.True(float.IsNaN(dst[^1]), "wrote past the last frame");
        if (dstOffset > 0) Assert.True(float.IsNaN(dst[dstOffset - 1]), "wrote before the offset");
    }
}
