using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// 8×8 float block transpose in AVX registers, the inner step of packing a row-major A (rows → MR-interleaved
/// panel) and a transposed B (stored rows → panel columns).
/// </summary>
/// <remarks>
/// Why: a scalar transposing copy costs a load and a store per element and was a fifth of a 256³ GEMM and a
/// third of the DQN forward product X·Wᵀ (B transposed). Eight 8-wide loads, 24 shuffles (unpack pairs,
/// then 64-bit shuffles, then 128-bit lane swaps) and eight 8-wide stores move 64 elements instead.
/// </remarks>
internal static unsafe class Transpose8x8
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>
    /// For t in 0..7: dst[t·ldd + i] = scale · src[i·lds + t], i in 0..7 (row i of the source becomes
    /// lane i of output row t).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* src, nint lds, float* dst, nint ldd, Vector256<float> scale)
    {
        var r0 = Avx.LoadVector256(src);
        var r1 = Avx.LoadVector256(src + lds);
        var r2 = Avx.LoadVector256(src + 2 * lds);
        var r3 = Avx.LoadVector256(src + 3 * lds);
        var r4 = Avx.LoadVector256(src + 4 * lds);
        var r5 = Avx.LoadVector256(src + 5 * lds);
        var r6 = Avx.LoadVector256(src + 6 * lds);
        var r7 = Avx.LoadVector256(src + 7 * lds);

        // Interleave row pairs: t0 = r0[0] r1[0] r0[1] r1[1] | r0[4] r1[4] r0[5] r1[5], and so on.
        var t0 = Avx.UnpackLow(r0, r1); var t1 = Avx.UnpackHigh(r0, r1);
        var t2 = Avx.UnpackLow(r2, r3); var t3 = Avx.UnpackHigh(r2, r3);
        var t4 = Avx.UnpackLow(r4, r5); var t5 = Avx.UnpackHigh(r4, r5);
        var t6 = Avx.UnpackLow(r6, r7); var t7 = Avx.UnpackHigh(r6, r7);

        // Combine 64-bit pairs: u0 = column 0 of rows 0-3 | column 4 of rows 0-3, and so on.
        var u0 = Avx.Shuffle(t0, t2, 0x44); var u1 = Avx.Shuffle(t0, t2, 0xEE);
        var u2 = Avx.Shuffle(t1, t3, 0x44); var u3 = Avx.Shuffle(t1, t3, 0xEE);
        var u4 = Avx.Shuffle(t4, t6, 0x44); var u5 = Avx.Shuffle(t4, t6, 0xEE);
        var u6 = Avx.Shuffle(t5, t7, 0x44); var u7 = Avx.Shuffle(t5, t7, 0xEE);

        // Swap 128-bit halves between the rows 0-3 and rows 4-7 results.
        Avx.Store(dst, Avx.Permute2x128(u0, u4, 0x20) * scale);
        Avx.Store(dst + ldd, Avx.Permute2x128(u1, u5, 0x20) * scale);
        Avx.Store(dst + 2 * ldd, Avx.Permute2x128(u2, u6, 0x20) * scale);
        Avx.Store(dst + 3 * ldd, Avx.Permute2x128(u3, u7, 0x20) * scale);
        Avx.Store(dst + 4 * ldd, Avx.Permute2x128(u0, u4, 0x31) * scale);
        Avx.Store(dst + 5 * ldd, Avx.Permute2x128(u1, u5, 0x31) * scale);
        Avx.Store(dst + 6 * ldd, Avx.Permute2x128(u2, u6, 0x31) * scale);
        Avx.Store(dst + 7 * ldd, Avx.Permute2x128(u3, u7, 0x31) * scale);
    }
}
