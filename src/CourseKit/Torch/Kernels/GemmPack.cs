using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// Copies blocks of A and B into the panel layouts the micro-kernels stream through.
/// </summary>
/// <remarks>
/// Why pack: the micro-kernel wants, for each k, the MR values of A it broadcasts and the NR values of B
/// it loads as vectors, adjacent in memory, so one panel is a single sequential stream that the hardware
/// prefetcher follows and no TLB or cache-set conflicts arise from large leading dimensions. Packing is
/// also where the transposes disappear: the kernel never knows whether A or B was stored transposed.
/// Panels are zero-padded to full MR/NR so the kernel has no edge cases inside its k loop, and alpha is
/// folded into A here (an m×k pass) instead of into every C tile.
/// </remarks>
internal static unsafe class GemmPack<T> where T : unmanaged, INumber<T>
{
    /// <summary>
    /// Packs alpha·op(A)[i0..i0+mc, p0..p0+kc] into ⌈mc/mr⌉ panels of kc×mr: panel q holds
    /// dst[q·mr·kc + p·mr + r] = alpha·op(A)(i0 + q·mr + r, p0 + p), zero past row mc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackA(bool transA, T* a, int lda, int i0, int mc, int p0, int kc, T alpha, int mr, T* dst)
    {
        if (transA && Vector256.IsHardwareAccelerated && mr == Vector256<T>.Count && mc >= mr)
        {
            // A stored k×m, whole panels: take eight stored rows (eight k) at a time and walk along them,
            // dealing 8-wide pieces to the panels. Each source cache line is used completely while it is hot
            // and each panel receives 8·mr contiguous values; going panel by panel instead revisits every
            // line once per panel (a large power-of-two lda then thrashes L1 sets), and going row by row
            // writes to all panels at once, a kc·mr stride apart (the same thrashing on the store side).
            int full = mc / mr * mr;
            var va = Vector256.Create(alpha);
            for (int p = 0; p < kc; p += 8)
            {
                int depth = Math.Min(8, kc - p);
                T* src = a + (long)(p0 + p) * lda + i0;
                T* d = dst + p * mr;
                for (int q = 0; q < full; q += mr, d += (long)mr * kc)
                    for (int t = 0; t < depth; t++) (Vector256.Load(src + (long)t * lda + q) * va).Store(d + t * mr);
            }
            if (full == mc) return;
            PackA(transA, a, lda, i0 + full, mc - full, p0, kc, alpha, mr, dst + (long)full * kc);
            return;
        }
        for (int q = 0; q < mc; q += mr, dst += (long)mr * kc)
        {
            int rows = Math.Min(mr, mc - q);
            if (transA)
            {
                // A stored k×m: the mr values for one k are adjacent, so each k is one short vector copy.
                T* src = a + (long)p0 * lda + i0 + q;
                for (int p = 0; p < kc; p++)
                {
                    T* s = src + (long)p * lda;
                    T* d = dst + p * mr;
                    for (int r = 0; r < rows; r++) d[r] = alpha * s[r];
                    for (int r = rows; r < mr; r++) d[r] = T.Zero;
                }
            }
            else
            {
                // A row-major: each row runs along k and must be written down the panel with stride mr.
                int pDone = 0;
                if (typeof(T) == typeof(float) && mr == 8 && rows == 8 && Transpose8x8.IsSupported)
                {
                    // Eight rows × eight k at a time: the transposed block is exactly 8 rows of the panel.
                    var scale = Vector256.Create(float.CreateTruncating(alpha));
                    float* src = (float*)(a + (long)(i0 + q) * lda + p0);
                    for (; pDone + 8 <= kc; pDone += 8)
                        Transpose8x8.Run(src + pDone, lda, (float*)dst + pDone * 8, 8, scale);
                }
                // The rest scalar; rows in fours so four read streams share one pass over the panel.
                int r0 = 0;
                for (; r0 + 4 <= rows; r0 += 4)
                {
                    T* s0 = a + (long)(i0 + q + r0) * lda + p0, s1 = s0 + lda, s2 = s1 + lda, s3 = s2 + lda;
                    T* d = dst + r0 + pDone * mr;
                    for (int p = pDone; p < kc; p++, d += mr)
                    {
                        d[0] = alpha * s0[p]; d[1] = alpha * s1[p]; d[2] = alpha * s2[p]; d[3] = alpha * s3[p];
                    }
                }
                for (int r = r0; r < rows; r++)
                {
                    T* s = a + (long)(i0 + q + r) * lda + p0;
                    for (int p = pDone; p < kc; p++) dst[p * mr + r] = alpha * s[p];
                }
                for (int r = rows; r < mr; r++)
                    for (int p = 0; p < kc; p++) dst[p * mr + r] = T.Zero;
            }
        }
    }

    /// <summary>
    /// Packs op(B)[p0..p0+kc, j0..j0+nc] into ⌈nc/nr⌉ panels of kc×nr: panel q holds
    /// dst[q·nr·kc + p·nr + c] = op(B)(p0 + p, j0 + q·nr + c), zero past column nc.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackB(bool transB, T* b, int ldb, int p0, int kc, int j0, int nc, int nr, T* dst)
    {
        for (int q = 0; q < nc; q += nr, dst += (long)nr * kc)
        {
            int cols = Math.Min(nr, nc - q);
            if (!transB)
            {
                // B row-major: each k contributes nr adjacent values, a straight copy.
                T* src = b + (long)p0 * ldb + j0 + q;
                for (int p = 0; p < kc; p++)
                {
                    T* s = src + (long)p * ldb;
                    T* d = dst + p * nr;
                    if (cols == nr) CopyFull(s, d, nr);
                    else
                    {
                        for (int c = 0; c < cols; c++) d[c] = s[c];
                        for (int c = cols; c < nr; c++) d[c] = T.Zero;
                    }
                }
            }
            else
            {
                // B stored n×k: column c of the panel is row j of storage, read along k, written with stride nr.
                int c0 = 0;
                if (typeof(T) == typeof(float) && Transpose8x8.IsSupported && kc >= 8)
                {
                    // Eight stored rows × eight k at a time become eight k-rows of eight panel columns.
                    var one = Vector256.Create(1f);
                    int pEnd = kc & ~7;
                    for (; c0 + 8 <= cols; c0 += 8)
                    {
                        float* src = (float*)(b + (long)(j0 + q + c0) * ldb + p0);
                        for (int p = 0; p < pEnd; p += 8)
                            Transpose8x8.Run(src + p, ldb, (float*)dst + p * nr + c0, nr, one);
                        for (int c = c0; c < c0 + 8; c++)
                            for (int p = pEnd; p < kc; p++) dst[p * nr + c] = b[(long)(j0 + q + c) * ldb + p0 + p];
                    }
                }
                for (; c0 + 4 <= cols; c0 += 4)
                {
                    T* s0 = b + (long)(j0 + q + c0) * ldb + p0, s1 = s0 + ldb, s2 = s1 + ldb, s3 = s2 + ldb;
                    T* d = dst + c0;
                    for (int p = 0; p < kc; p++, d += nr)
                    {
                        d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p]; d[3] = s3[p];
                    }
                }
                for (int c = c0; c < cols; c++)
                {
                    T* s = b + (long)(j0 + q + c) * ldb + p0;
                    for (int p = 0; p < kc; p++) dst[p * nr + c] = s[p];
                }
                for (int c = cols; c < nr; c++)
                    for (int p = 0; p < kc; p++) dst[p * nr + c] = T.Zero;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void CopyFull(T* s, T* d, int count)
    {
        if (Vector512.IsHardwareAccelerated && count == 2 * Vector512<T>.Count)
        {
            Vector512.Load(s).Store(d);
            Vector512.Load(s + Vector512<T>.Count).Store(d + Vector512<T>.Count);
            return;
        }
        if (Vector256.IsHardwareAccelerated && count == 2 * Vector256<T>.Count)
        {
            // Two vector moves: a memmove call per 64-byte piece cost more than the copy itself.
            Vector256.Load(s).Store(d);
            Vector256.Load(s + Vector256<T>.Count).Store(d + Vector256<T>.Count);
            return;
        }
        Unsafe.CopyBlockUnaligned(d, s, (uint)(count * sizeof(T)));
    }
}
