using System.Runtime.CompilerServices;
using System.Numerics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// im2col and its adjoint col2im for one image: the lowering that turns conv2d into one GEMM.
/// </summary>
/// <remarks>
/// The column matrix has K = c·kh·kw rows and S = oh·ow columns; row r = (ci·kh + ki)·kw + kj holds, for
/// every output position (y, x), the input pixel under kernel tap (ki, kj) of channel ci, or 0 in the
/// padding. This row order matches the weight layout [o, c, kh, kw], so forward is W[o×K] · cols[K×S].
/// Each row is filled as whole output rows: the valid x range for a tap is computed once, so the inner
/// loop is a plain copy (a memcpy when stride is 1) with no per-pixel bounds test.
/// </remarks>
internal static unsafe class Im2Col
{
    /// <summary>
    /// Rows at least this long go through span copies/adds (vectorised); shorter ones (a 7-wide output row
    /// of a late conv layer) through a plain loop, since the call overhead would exceed the work.
    /// </summary>
    const int LongRow = 32;

    /// <summary>cols[K×S] = lowering of image[c, h, w]; row r of cols starts at cols + r·ld (ld ≥ S).</summary>
    /// <remarks>A batch lowers into one [K × N·S] matrix: image b writes at column b·S with ld = N·S.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lower<T>(T* image, T* cols, long ld, in ConvShape s) where T : unmanaged, INumber<T>
    {
        T* row = cols;
        for (int ci = 0; ci < s.C; ci++)
            for (int ki = 0; ki < s.KH; ki++)
                for (int kj = 0; kj < s.KW; kj++, row += ld)
                {
                    var (x0, x1) = s.ValidX(kj);
                    T* dst = row;
                    for (int y = 0; y < s.OH; y++, dst += s.OW)
                    {
                        int iy = y * s.StrideH - s.PadH + ki;
                        if ((uint)iy >= (uint)s.H)
                        {
                            new Span<T>(dst, s.OW).Clear();
                            continue;
                        }
                        T* src = image + ((long)ci * s.H + iy) * s.W - s.PadW + kj;
                        for (int x = 0; x < x0; x++) dst[x] = T.Zero;
                        if (s.StrideW == 1 && x1 - x0 >= LongRow)
                            new ReadOnlySpan<T>(src + x0, x1 - x0).CopyTo(new Span<T>(dst + x0, x1 - x0));
                        else if (s.StrideW == 1)
                            for (int x = x0; x < x1; x++) dst[x] = src[x];
                        else
                            for (int x = x0; x < x1; x++) dst[x] = src[(long)x * s.StrideW];
                        for (int x = x1; x < s.OW; x++) dst[x] = T.Zero;
                    }
                }
    }

    /// <summary>image[c, h, w] += adjoint of the lowering applied to cols[K×S] (row stride ld; overlapping taps add up).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Raise<T>(T* cols, long ld, T* image, in ConvShape s) where T : unmanaged, INumber<T>
    {
        T* row = cols;
        for (int ci = 0; ci < s.C; ci++)
            for (int ki = 0; ki < s.KH; ki++)
                for (int kj = 0; kj < s.KW; kj++, row += ld)
                {
                    var (x0, x1) = s.ValidX(kj);
                    T* src = row;
                    for (int y = 0; y < s.OH; y++, src += s.OW)
                    {
                        int iy = y * s.StrideH - s.PadH + ki;
                        if ((uint)iy >= (uint)s.H) continue;
                        T* dst = image + ((long)ci * s.H + iy) * s.W - s.PadW + kj;
                        if (s.StrideW == 1 && x1 - x0 >= LongRow)
                            System.Numerics.Tensors.TensorPrimitives.Add(
                                new ReadOnlySpan<T>(dst + x0, x1 - x0), new ReadOnlySpan<T>(src + x0, x1 - x0), new Span<T>(dst + x0, x1 - x0));
                        else if (s.StrideW == 1)
                            for (int x = x0; x < x1; x++) dst[x] += src[x];
                        else
                            for (int x = x0; x < x1; x++) dst[(long)x * s.StrideW] += src[x];
                    }
                }
    }
}

/// <summary>The integer shape of one conv2d call, validated once and passed by reference.</summary>
internal readonly struct ConvShape
{
    public readonly int N, C, H, W, O, KH, KW, StrideH, StrideW, PadH, PadW, OH, OW;

    public ConvShape(int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
    {
        if (n < 0 || c < 1 || h < 1 || w < 1 || o < 1 || kh < 1 || kw < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0)
            throw new ArgumentException($"conv2d: invalid shape n={n}, c={c}, h={h}, w={w}, o={o}, kernel {kh}×{kw}, stride {strideH}×{strideW}, padding {padH}×{padW}; sizes and strides must be positive, padding non-negative.");
        (N, C, H, W, O, KH, KW, StrideH, StrideW, PadH, PadW) = (n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
        OH = (h + 2 * padH - kh) / strideH + 1;
        OW = (w + 2 * padW - kw) / strideW + 1;
        if (h + 2 * padH < kh || w + 2 * padW < kw)
            throw new ArgumentException($"conv2d: kernel {kh}×{kw} is larger than the padded input {h + 2 * padH}×{w + 2 * padW}; use a smaller kernel or more padding.");
    }

    /// <summary>The same layer over <paramref name="n"/> images (a group of the batch).</summary>
    public ConvShape Batch(int n) => new(n, C, H, W, O, KH, KW, StrideH, StrideW, PadH, PadW);

    /// <summary>K = c·kh·kw, the GEMM inner dimension.</summary>
    public int K => C * KH * KW;
    /// <summary>S = oh·ow, output positions per image.</summary>
    public int S => OH * OW;
    public long InputSize => (long)C * H * W;
    public long OutputSize => (long)O * S;

    /// <summary>The output columns x whose input column x·strideW − padW + kj lies inside [0, W).</summary>
    public (int x0, int x1) ValidX(int kj)
    {
        int x0 = Math.Max(0, (PadW - kj + StrideW - 1) / StrideW);
        int last = W - 1 + PadW - kj; // may be negative when the tap only ever sees right padding
        int x1 = last < 0 ? 0 : Math.Min(OW, last / StrideW + 1);
        return (Math.Min(x0, x1), x1);
    }

    /// <summary>True when the lowering is the identity (1×1 kernel, stride 1, no padding): cols = image.</summary>
    public bool IsPointwise => KH == 1 && KW == 1 && StrideH == 1 && StrideW == 1 && PadH == 0 && PadW == 0;

    public void CheckLength(string what, int length, long expected)
    {
        if (length < expected)
            throw new ArgumentException($"conv2d: {what} has {length} elements but shape n={N}, c={C}, h={H}, w={W}, o={O}, kernel {KH}×{KW} (output {OH}×{OW}) needs {expected}.");
    }
}
