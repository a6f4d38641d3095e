using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// Stored grey frames (bytes) to the float tensors a network reads: each output frame is one source frame
/// times a scale, or zeros, in a single pass.
/// </summary>
/// <remarks>
/// Why a kernel: a replay batch of 32 stacks of four 84×84 frames, observations and next observations,
/// is 7.2 MB of floats written per update; converting and then scaling in two passes, or copying through
/// an intermediate, doubles the memory traffic of the one thing this code does. Frames are independent,
/// so a large batch is split into fixed contiguous runs of frames, one per core.
/// </remarks>
internal static unsafe class ByteFrames
{
    /// <summary>Below this many output floats a second thread costs more than it saves.</summary>
    const long ParallelElements = 1L << 18;

    /// <summary>
    /// From this many output floats (4 MB) the frames are written with streaming stores. A normal store to a line
    /// that is not cached first reads the line (to own it), so a multi-megabyte output costs twice its size in
    /// memory traffic; a streaming store writes it once. Below this, the output fits the caches and is read
    /// right away by the network, so normal stores are better.
    /// </summary>
    const long StreamingElements = 1L << 20;

    /// <summary>
    /// dst[j·frameSize ..] = frames[slots[j]·frameSize ..] · scale for each j, zeros where slots[j] &lt; 0.
    /// The caller guarantees every slot lies inside <paramref name="frames"/> and dst holds slots.Length frames.
    /// </summary>
    public static void Gather(byte[] frames, int frameSize, int[] slots, int count, float[] dst, int dstOffset, float scale)
    {
        fixed (byte* src = frames)
        fixed (int* s = slots)
        fixed (float* d = dst)
        {
            long total = (long)count * frameSize;
            bool streaming = total >= StreamingElements;
            int parts = total < ParallelElements ? 1 : Math.Min(Gemm.MaxThreads, count);
            if (parts <= 1) Range(src, frameSize, s, 0, count, d + dstOffset, scale, streaming);
            else Job.Get().Run(src, frameSize, s, count, d + dstOffset, scale, parts, streaming);
        }
    }

    static void Range(byte* frames, int frameSize, int* slots, int j0, int j1, float* dst, float scale, bool streaming)
    {
        for (int j = j0; j < j1; j++)
        {
            float* target = dst + (long)j * frameSize;
            if (streaming && Avx2.IsSupported) ScaleStreaming(slots[j] < 0 ? null : frames + (long)slots[j] * frameSize, target, frameSize, scale);
            else if (slots[j] < 0) new Span<float>(target, frameSize).Clear();
            else Scale(frames + (long)slots[j] * frameSize, target, frameSize, scale);
        }
        // Streaming stores are weakly ordered: make them visible before the part reports itself done.
        if (streaming && Avx2.IsSupported) Sse.StoreFence();
    }

    /// <summary><see cref="Scale"/> (zeros when <paramref name="src"/> is null) with streaming stores from the first 32-byte boundary of dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ScaleStreaming(byte* src, float* dst, int n, float scale)
    {
        int i = 0;
        for (; i < n && ((nint)(dst + i) & 31) != 0; i++) dst[i] = src == null ? 0f : src[i] * scale;
        var s = Vector256.Create(scale);
        if (src == null)
            for (; i + 8 <= n; i += 8) Avx.StoreAlignedNonTemporal(dst + i, Vector256<float>.Zero);
        else
            for (; i + 8 <= n; i += 8) Avx.StoreAlignedNonTemporal(dst + i, Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i)) * s);
        for (; i < n; i++) dst[i] = src == null ? 0f : src[i] * scale;
    }

    /// <summary>dst[i] = src[i] · scale: eight bytes widened to eight floats per step where AVX2 exists.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Scale(byte* src, float* dst, int n, float scale)
    {
        int i = 0;
        if (Avx2.IsSupported)
        {
            var s = Vector256.Create(scale);
            for (; i + 32 <= n; i += 32)
            {
                var a = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i));
                var b = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i + 8));
                var c = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i + 16));
                var e = Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i + 24));
                (a * s).Store(dst + i);
                (b * s).Store(dst + i + 8);
                (c * s).Store(dst + i + 16);
                (e * s).Store(dst + i + 24);
            }
            for (; i + 8 <= n; i += 8)
                (Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(src + i)) * s).Store(dst + i);
        }
        else if (Vector128.IsHardwareAccelerated)
        {
            // Portable: 16 bytes widen to 2×8 ushorts, then to 4×4 uints, then to floats.
            var s = Vector128.Create(scale);
            for (; i + 16 <= n; i += 16)
            {
                var bytes = Vector128.Load(src + i);
                var (lo, hi) = Vector128.Widen(bytes);
                var (q0, q1) = Vector128.Widen(lo);
                var (q2, q3) = Vector128.Widen(hi);
                (Vector128.ConvertToSingle(q0) * s).Store(dst + i);
                (Vector128.ConvertToSingle(q1) * s).Store(dst + i + 4);
                (Vector128.ConvertToSingle(q2) * s).Store(dst + i + 8);
                (Vector128.ConvertToSingle(q3) * s).Store(dst + i + 12);
            }
        }
        for (; i < n; i++) dst[i] = src[i] * scale;
    }

    /// <summary>One contiguous run of frames per part; reused per calling thread so a call allocates nothing.</summary>
    sealed class Job : ParallelJob
    {
        [ThreadStatic] static Job? t_job;
        public static Job Get() => t_job ??= new Job();

        byte* _frames;
        int* _slots;
        float* _dst;
        int _frameSize, _count, _parts;
        float _scale;
        bool _streaming;

        public void Run(byte* frames, int frameSize, int* slots, int count, float* dst, float scale, int parts, bool streaming)
        {
            _frames = frames;
            _slots = slots;
            _dst = dst;
            (_frameSize, _count, _scale, _parts, _streaming) = (frameSize, count, scale, parts, streaming);
            Execute(parts, parts);
        }

        protected override void RunPart(int part)
        {
            int j0 = (int)((long)_count * part / _parts), j1 = (int)((long)_count * (part + 1) / _parts);
            Range(_frames, _frameSize, _slots, j0, j1, _dst, _scale, _streaming);
        }
    }
}
