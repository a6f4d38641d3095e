using System.Runtime.CompilerServices;
using System.Numerics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The packed, cache-blocked GEMM (GotoBLAS/BLIS loop nest) and its split across threads.
/// </summary>
/// <remarks>
/// Loop nest, outermost first: jc over nc-wide column blocks; pc over kc-deep slices (pack B's kc×nc block);
/// ic over mc-high row blocks (pack A's mc×kc block, times alpha); jr over NR-wide micro-panels of B;
/// ir over MR-high micro-panels of A; then the micro-kernel for one MR×NR tile of C. beta applies on the
/// first k slice only; later slices accumulate with beta = 1. Tiles that hang over C's edge are computed
/// into a small buffer and only their valid part is merged, so the kernel itself never sees a partial tile.
/// Threads: the output is cut into equal bands along m or n (whole tiles each), each thread running this
/// nest on its band with its own packing buffers; the cut goes along the dimension whose duplicated
/// packing (A when cutting n, B when cutting m) is smaller.
/// </remarks>
internal static unsafe class GemmBlocked<T> where T : unmanaged, INumber<T>
{
    /// <summary>Below this many multiply-adds a second thread costs more (wake-up, duplicated packing) than it saves.</summary>
    internal const long ParallelThreshold = 1L << 20;

    public static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb,
        T beta, T* c, int ldc, int threads, GemmKernel<T>? kernel = null) =>
        Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, null, beta, c, ldc, threads, kernel);

    /// <summary>
    /// C = alpha · op(A) · B + beta · C where <paramref name="source"/> writes B's packed panels itself (an
    /// implicit matrix, e.g. conv2d's lowering read straight from the image); same blocking and thread split.
    /// </summary>
    public static void Run(bool transA, int m, int n, int k, T alpha, T* a, int lda, PanelSource<T> source,
        T beta, T* c, int ldc, int threads, GemmKernel<T>? kernel = null) =>
        Run(transA, false, m, n, k, alpha, a, lda, null, 0, source, beta, c, ldc, threads, kernel);

    static void Run(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, PanelSource<T>? source,
        T beta, T* c, int ldc, int threads, GemmKernel<T>? kernel)
    {
        kernel ??= GemmKernel<T>.Current;
        long work = (long)m * n * k;
        int mTiles = (m + kernel.MR - 1) / kernel.MR, nTiles = (n + kernel.NR - 1) / kernel.NR;
        bool splitN = (long)m * k <= (long)n * k ? nTiles >= 2 : mTiles < 2;
        int parts = (int)Math.Min(Math.Min(threads, work / ParallelThreshold), splitN ? nTiles : mTiles);
        if (parts <= 1)
        {
            RunBand(transA, transB, m, n, k, alpha, a, lda, b, ldb, source, 0, beta, c, ldc, kernel);
            return;
        }
        var job = t_job ??= new Job();
        job.Set(transA, transB, m, n, k, alpha, a, lda, b, ldb, source, beta, c, ldc, kernel, splitN, parts);
        job.Run(parts);
    }

    [ThreadStatic] static Job? t_job;

    /// <summary>One band of C per part; the fields hold the call's arguments (pointers stay pinned by the caller).</summary>
    sealed class Job : ParallelJob
    {
        bool _transA, _transB, _splitN;
        int _m, _n, _k, _lda, _ldb, _ldc, _parts;
        T _alpha, _beta;
        T* _a, _b, _c;
        PanelSource<T>? _source;
        GemmKernel<T> _kernel = null!;

        public void Set(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, PanelSource<T>? source,
            T beta, T* c, int ldc, GemmKernel<T> kernel, bool splitN, int parts)
        {
            (_transA, _transB, _m, _n, _k, _alpha, _lda, _ldb, _beta, _ldc) = (transA, transB, m, n, k, alpha, lda, ldb, beta, ldc);
            _a = a;
            _b = b;
            _c = c;
            (_source, _kernel, _splitN, _parts) = (source, kernel, splitN, parts);
        }

        public void Run(int parts) => Execute(parts, parts);

        protected override void RunPart(int part)
        {
            // Equal shares of whole tiles, so only the last band can have a partial tile.
            int unit = _splitN ? _kernel.NR : _kernel.MR, extent = _splitN ? _n : _m;
            int tiles = (extent + unit - 1) / unit;
            int start = (int)((long)tiles * part / _parts) * unit, end = Math.Min(extent, (int)((long)tiles * (part + 1) / _parts) * unit);
            if (start >= end) return;
            if (_splitN)
            {
                T* b = _source is not null ? null : _transB ? _b + (long)start * _ldb : _b + start;
                RunBand(_transA, _transB, _m, end - start, _k, _alpha, _a, _lda, b, _ldb, _source, start, _beta, _c + start, _ldc, _kernel);
            }
            else
            {
                T* a = _transA ? _a + start : _a + (long)start * _lda;
                RunBand(_transA, _transB, end - start, _n, _k, _alpha, a, _lda, _b, _ldb, _source, 0, _beta, _c + (long)start * _ldc, _ldc, _kernel);
            }
        }
    }

    /// <summary>
    /// The single-threaded loop nest over all of C[m×n]; B's panels come from <paramref name="source"/> when it is
    /// set (column j of this band is its column <paramref name="sourceColumn"/> + j), else from b.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RunBand(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb,
        PanelSource<T>? source, int sourceColumn, T beta, T* c, int ldc, GemmKernel<T> kernel)
    {
        int MR = kernel.MR, NR = kernel.NR;
        int kcMax = Math.Min(kernel.KC, k);
        int mcMax = Math.Min(kernel.MC, RoundUp(m, MR)), ncMax = Math.Min(kernel.NC, RoundUp(n, NR));
        T* packA = Scratch<T>.Get(Slot.PackA, (long)mcMax * kcMax);
        T* packB = Scratch<T>.Get(Slot.PackB, (long)ncMax * kcMax);
        T* edge = stackalloc T[MR * NR + 64 / sizeof(T)];
        edge = (T*)(((nint)edge + 63) & ~(nint)63);

        for (int jc = 0; jc < n; jc += ncMax)
        {
            int nc = Math.Min(ncMax, n - jc);
            for (int pc = 0; pc < k; pc += kcMax)
            {
                int kc = Math.Min(kcMax, k - pc);
                T betaK = pc == 0 ? beta : T.One;
                if (source is null) GemmPack<T>.PackB(transB, b, ldb, pc, kc, jc, nc, NR, packB);
                else source.PackB(pc, kc, sourceColumn + jc, nc, NR, packB);
                for (int ic = 0; ic < m; ic += mcMax)
                {
                    int mc = Math.Min(mcMax, m - ic);
                    GemmPack<T>.PackA(transA, a, lda, ic, mc, pc, kc, alpha, MR, packA);
                    for (int jr = 0; jr < nc; jr += NR)
                    {
                        int nr = Math.Min(NR, nc - jr);
                        T* bPanel = packB + (long)jr * kc;
                        for (int ir = 0; ir < mc; ir += MR)
                        {
                            int mr = Math.Min(MR, mc - ir);
                            T* cTile = c + (long)(ic + ir) * ldc + jc + jr;
                            if (mr == MR && nr == NR)
                                kernel.Run(kc, packA + (long)ir * kc, bPanel, cTile, ldc, betaK);
                            else
                            {
                                kernel.Run(kc, packA + (long)ir * kc, bPanel, edge, NR, T.Zero);
                                MergeEdge(edge, NR, cTile, ldc, mr, nr, betaK);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>C[mr×nr] = tile + beta·C (beta == 0 ignores C, NaN included).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void MergeEdge(T* tile, int ldt, T* c, int ldc, int mr, int nr, T beta)
    {
        for (int r = 0; r < mr; r++)
        {
            T* t = tile + r * ldt;
            T* d = c + (long)r * ldc;
            if (beta == T.Zero)
                for (int j = 0; j < nr; j++) d[j] = t[j];
            else
                for (int j = 0; j < nr; j++) d[j] = t[j] + beta * d[j];
        }
    }

    static int RoundUp(int x, int unit) => (x + unit - 1) / unit * unit;
}

/// <summary>A B matrix that is never stored: it writes its packed panels on demand (see <see cref="GemmBlocked{T}"/>).</summary>
internal abstract unsafe class PanelSource<T> where T : unmanaged
{
    /// <summary>
    /// Packs B[p0..p0+kc, j0..j0+nc] into ⌈nc/nr⌉ panels of kc×nr, as <see cref="GemmPack{T}.PackB"/> does:
    /// dst[q·nr·kc + p·nr + c] = B(p0 + p, j0 + q·nr + c), zero past column nc. Called from several threads at once
    /// (each for its own columns), so it must only read shared state.
    /// </summary>
    public abstract void PackB(int p0, int kc, int j0, int nc, int nr, T* dst);
}
