using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// conv2d's lowered matrix as an implicit GEMM operand: the packed panels are read straight from the images,
/// so the column matrix is never written to memory and read back.
/// </summary>
/// <remarks>
/// Every element of the lowering is input[b, ci, y·sh − ph + ki, x·sw − pw + kj]: its flat index is the sum of a
/// position's offset (b, y, x) and a tap's offset (ci, ki, kj), and it lies in the padding exactly when the
/// row y·sh − ph + ki or the column x·sw − pw + kj falls outside the image. So two small tables, one entry per
/// output position of the batch and one per tap, describe the whole matrix. The forward product and the input
/// gradient take it as cols[K × N·S] (rows are taps, columns positions); the weight gradient as its transpose
/// [N·S × K] (rows positions, columns taps). Packing a panel row is then a gather of nr elements at
/// row offset + column offsets; a position whose whole kernel window lies inside the image (every position of an
/// unpadded conv) needs no bounds test. Packing writes only the GEMM's own panel buffer, from several threads
/// at once for different columns; the tables are read-only during the product.
/// </remarks>
internal sealed unsafe class ConvPanels<T> : PanelSource<T> where T : unmanaged, INumber<T>
{
    /// <summary>One per thread, reset by each call (a conv never runs two products at once on one thread).</summary>
    [ThreadStatic] static ConvPanels<T>? t_source;

    /// <summary>This thread's source for the lowering cols[K × N·S] of <paramref name="input"/>.</summary>
    public static ConvPanels<T> Columns(T* input, in ConvShape s) => (t_source ??= new ConvPanels<T>()).Set(input, s, positionsAreColumns: true);

    /// <summary>This thread's source for the transposed lowering [N·S × K] of <paramref name="input"/>.</summary>
    public static ConvPanels<T> TransposedColumns(T* input, in ConvShape s) => (t_source ??= new ConvPanels<T>()).Set(input, s, positionsAreColumns: false);

    /// <summary>True when every flat index of the call fits an int (the tables hold ints).</summary>
    public static bool Fits(in ConvShape s) => (long)s.N * s.InputSize <= int.MaxValue && (long)s.N * s.S <= int.MaxValue;

    T* _input;
    int _h, _w;
    // Four ints per entry, in four runs of the table: offset, row shift, column shift, interior (1: no bounds test).
    int* _rows, _cols;
    int _rowCount, _colCount;

    ConvPanels<T> Set(T* input, in ConvShape s, bool positionsAreColumns)
    {
        _input = input;
        (_h, _w) = (s.H, s.W);
        int* taps = Scratch<int>.Get(Slot.ConvTaps, 4L * s.K), positions = Scratch<int>.Get(Slot.ConvPositions, 4L * s.N * s.S);
        FillTaps(taps, s);
        FillPositions(positions, s);
        _rows = positionsAreColumns ? taps : positions;
        _cols = positionsAreColumns ? positions : taps;
        (_rowCount, _colCount) = positionsAreColumns ? (s.K, s.N * s.S) : (s.N * s.S, s.K);
        return this;
    }

    static void FillTaps(int* t, in ConvShape s)
    {
        int count = s.K, r = 0;
        for (int ci = 0; ci < s.C; ci++)
            for (int ki = 0; ki < s.KH; ki++)
                for (int kj = 0; kj < s.KW; kj++, r++)
                {
                    t[r] = (ci * s.H + ki) * s.W + kj;
                    t[count + r] = ki;
                    t[2 * count + r] = kj;
                    t[3 * count + r] = 0; // a tap alone says nothing about the bounds
                }
    }

    static void FillPositions(int* t, in ConvShape s)
    {
        int count = s.N * s.S, j = 0;
        for (int b = 0; b < s.N; b++)
            for (int y = 0; y < s.OH; y++)
                for (int x = 0; x < s.OW; x++, j++)
                {
                    int iy = y * s.StrideH - s.PadH, ix = x * s.StrideW - s.PadW;
                    t[j] = (int)(b * s.InputSize) + iy * s.W + ix;
                    t[count + j] = iy;
                    t[2 * count + j] = ix;
                    t[3 * count + j] = iy >= 0 && ix >= 0 && iy + s.KH <= s.H && ix + s.KW <= s.W ? 1 : 0;
                }
    }

    public override void PackB(int p0, int kc, int j0, int nc, int nr, T* dst)
    {
        for (int q = 0; q < nc; q += nr, dst += (long)nr * kc)
        {
            int cols = Math.Min(nr, nc - q), c0 = j0 + q;
            int* colOff = _cols + c0, colDy = colOff + _colCount, colDx = colDy + _colCount, colIn = colDx + _colCount;
            bool colsInterior = true;
            for (int c = 0; c < cols; c++) colsInterior &= colIn[c] != 0;
            for (int p = 0; p < kc; p++)
            {
                int r = p0 + p;
                T* d = dst + p * nr;
                int rowOff = _rows[r];
                if (colsInterior || _rows[3 * _rowCount + r] != 0)
                    Gather(_input + rowOff, colOff, d, cols, nr);
                else
                    GatherChecked(rowOff, _rows[_rowCount + r], _rows[2 * _rowCount + r], colOff, colDy, colDx, d, cols);
                for (int c = cols; c < nr; c++) d[c] = T.Zero;
            }
        }
    }

    /// <summary>
    /// d[c] = input[rowOff + colOff[c]] where row rowDy + colDy[c] and column rowDx + colDx[c] lie inside the image,
    /// else 0 (the padding); eight at a time with AVX2's masked gather for float, which never touches masked lanes.
    /// </summary>
    void GatherChecked(int rowOff, int rowDy, int rowDx, int* colOff, int* colDy, int* colDx, T* d, int count)
    {
        int c = 0;
        if (typeof(T) == typeof(float) && Avx2.IsSupported)
        {
            Vector256<uint> h = Vector256.Create((uint)_h), w = Vector256.Create((uint)_w);
            Vector256<int> ry = Vector256.Create(rowDy), rx = Vector256.Create(rowDx), ro = Vector256.Create(rowOff);
            for (; c + 8 <= count; c += 8)
            {
                var iy = (ry + Avx.LoadVector256(colDy + c)).AsUInt32();
                var ix = (rx + Avx.LoadVector256(colDx + c)).AsUInt32();
                var inside = Vector256.LessThan(iy, h) & Vector256.LessThan(ix, w);
                var index = ro + Avx.LoadVector256(colOff + c);
                Avx2.GatherMaskVector256(Vector256<float>.Zero, (float*)_input, index, inside.AsSingle(), 4).Store((float*)d + c);
            }
        }
        for (; c < count; c++)
            d[c] = (uint)(rowDy + colDy[c]) < (uint)_h && (uint)(rowDx + colDx[c]) < (uint)_w ? _input[rowOff + colOff[c]] : T.Zero;
    }

    /// <summary>d[c] = src[offsets[c]] for c &lt; count: eight at a time with AVX2's gather for float.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Gather(T* src, int* offsets, T* d, int count, int nr)
    {
        int c = 0;
        if (typeof(T) == typeof(float) && Avx2.IsSupported)
            for (; c + 8 <= count; c += 8)
                Avx2.GatherVector256((float*)src, Avx.LoadVector256(offsets + c), 4).Store((float*)d + c);
        for (; c < count; c++) d[c] = src[offsets[c]];
    }
}
