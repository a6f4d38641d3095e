using CourseKit.Torch.Kernels;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// Sgemm/Dgemm against <see cref="NaiveKernels.Gemm"/>: every transpose combination, odd sizes, offsets,
/// padded leading dimensions, alpha/beta cases, and untouched memory around C.
/// </summary>
public class GemmTests
{
    const double Sentinel = 12345.5;

    /// <summary>Runs one case in float and double and checks C element-wise against the reference.</summary>
    internal static void CheckCase(bool transA, bool transB, int m, int n, int k, double alpha = 1, double beta = 0,
        int pad = 0, int offset = 0, bool nanC = false, int seed = 1, bool useDouble = false, GemmIsa? blockedKernel = null,
        (int kc, int mc, int nc)? blocking = null)
    {
        var rng = new Random(seed);
        int aRows = transA ? k : m, aCols = transA ? m : k, bRows = transB ? n : k, bCols = transB ? k : n;
        int lda = Math.Max(1, aCols + pad), ldb = Math.Max(1, bCols + 2 * pad), ldc = Math.Max(1, n + pad);
        double[] a = Random(rng, offset + aRows * lda + 3), b = Random(rng, offset + bRows * ldb + 3);
        double[] c = new double[offset + m * ldc + 3];
        Array.Fill(c, Sentinel);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) c[offset + i * ldc + j] = nanC ? double.NaN : rng.NextDouble() * 2 - 1;

        double[] result;
        double eps;
        if (useDouble)
        {
            result = (double[])c.Clone();
            if (blockedKernel is GemmIsa isa) RunBlocked(isa, blocking, transA, transB, m, n, k, alpha, a, offset, lda, b, ldb, beta, result, ldc);
            else Gemm.Dgemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, result, offset, ldc);
            eps = 1.2e-16;
        }
        else
        {
            // Round the inputs to float first so the reference multiplies exactly the same numbers.
            float[] af = ToFloat(a), bf = ToFloat(b), cf = ToFloat(c);
            (a, b, c) = (ToDouble(af), ToDouble(bf), ToDouble(cf));
            if (blockedKernel is GemmIsa isa) RunBlocked(isa, blocking, transA, transB, m, n, k, (float)alpha, af, offset, lda, bf, ldb, (float)beta, cf, ldc);
            else Gemm.Sgemm(transA, transB, m, n, k, (float)alpha, af, offset, lda, bf, offset, ldb, (float)beta, cf, offset, ldc);
            result = ToDouble(cf);
            eps = 6e-8;
        }

        var (expected, magnitude) = NaiveKernels.Gemm(transA, transB, m, n, k, alpha, a, offset, lda, b, offset, ldb, beta, c, offset, ldc);
        string what = $"{(useDouble ? "D" : "S")}gemm{(blockedKernel is null ? "" : $"[blocked {blockedKernel}]")}(transA={transA}, transB={transB}, m={m}, n={n}, k={k}, alpha={alpha}, beta={beta}, pad={pad}, offset={offset}, nanC={nanC})";
        for (int idx = 0; idx < c.Length; idx++)
        {
            int rel = idx - offset, i = rel >= 0 ? rel / ldc : -1, j = rel >= 0 ? rel % ldc : -1;
            if (i >= 0 && i < m && j < n)
            {
                double want = expected[i * n + j], tol = (k + 4) * eps * magnitude[i * n + j] + 1e-300;
                if (!(Math.Abs(result[idx] - want) <= tol))
                    Assert.Fail($"{what}: C[{i},{j}] = {result[idx]}, expected {want} (tolerance {tol:G3})");
            }
            else if (result[idx] != Sentinel)
                Assert.Fail($"{what}: wrote outside C at array index {idx} (value {result[idx]})");
        }
    }

    /// <summary>Calls the packed path directly with a chosen register tile, bypassing the small-matrix dispatch.</summary>
    static unsafe void RunBlocked<T>(GemmIsa isa, (int kc, int mc, int nc)? blocking, bool transA, bool transB, int m, int n, int k, T alpha, T[] a, int offset, int lda,
        T[] b, int ldb, T beta, T[] c, int ldc) where T : unmanaged, System.Numerics.INumber<T>
    {
        if (m == 0 || n == 0) return;
        fixed (T* pa = a, pb = b, pc = c)
        {
            var kernel = GemmKernel<T>.For(isa);
            if (blocking is var (kc, mc, nc)) kernel = kernel.WithBlocking(kc, mc, nc);
            GemmBlocked<T>.Run(transA, transB, m, n, k, alpha, pa + offset, lda, pb + offset, ldb, beta, pc + offset, ldc, threads: 1, kernel);
        }
    }

    static double[] Random(Random rng, int length)
    {
        var x = new double[length];
        for (int i = 0; i < length; i++) x[i] = rng.NextDouble() * 2 - 1;
        return x;
    }

    static float[] ToFloat(double[] x) => Array.ConvertAll(x, v => (float)v);
    static double[] ToDouble(float[] x) => Array.ConvertAll(x, v => (double)v);

    public static TheoryData<bool, bool> TransposeCombinations => new() { { false, false }, { false, true }, { true, false }, { true, true } };

    static readonly int[] OddSizes = [1, 3, 17, 33];

    [Theory, MemberData(nameof(TransposeCombinations))]
    public void SmallOddShapesMatchReference(bool transA, bool transB)
    {
        foreach (int m in OddSizes)
            foreach (int n in OddSizes)
                foreach (int k in OddSizes)
                {
                    CheckCase(transA, transB, m, n, k, seed: m * 1000 + n * 10 + k);
                    CheckCase(transA, transB, m, n, k, seed: m + n + k, useDouble: true);
                }
    }

    /// <summary>Sizes that cross the register tile and cache block edges (8×32 tiles, kc=256, mc=128...).</summary>
    public static TheoryData<int, int, int> LargerShapes => new()
    {
        { 100, 100, 100 }, { 257, 33, 17 }, { 17, 257, 100 }, { 33, 100, 257 }, { 129, 257, 129 }, { 64, 64, 64 },
        { 32, 128, 128 }, { 32, 128, 4 }, { 32, 2, 128 }, { 128, 4, 32 }, { 2, 128, 32 }, { 9, 31, 513 }, { 130, 520, 70 },
        { 600, 40, 300 }, { 40, 1100, 20 },
    };

    [Theory, MemberData(nameof(LargerShapes))]
    public void LargerShapesMatchReferenceInAllTransposes(int m, int n, int k)
    {
        foreach (bool transA in new[] { false, true })
            foreach (bool transB in new[] { false, true })
            {
                CheckCase(transA, transB, m, n, k, alpha: 0.75, beta: 0.5, seed: m + n + k);
                CheckCase(transA, transB, m, n, k, useDouble: true, seed: m + n + k + 1);
            }
    }

    [Theory, MemberData(nameof(TransposeCombinations))]
    public void OffsetsAndPaddedLeadingDimensions(bool transA, bool transB)
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 17, 33), (33, 3, 17), (100, 70, 40), (32, 128, 128) })
        {
            CheckCase(transA, transB, m, n, k, pad: 5, offset: 7, beta: 1, seed: 3);
            CheckCase(transA, transB, m, n, k, pad: 13, offset: 2, beta: -1, useDouble: true, seed: 4);
        }
    }

    [Theory]
    [InlineData(1.0, 0.0)]
    [InlineData(2.5, 0.0)]
    [InlineData(1.0, 1.0)]
    [InlineData(-0.5, 0.75)]
    [InlineData(0.0, 0.0)]
    [InlineData(0.0, 2.0)]
    public void AlphaBetaCases(double alpha, double beta)
    {
        foreach (var (m, n, k) in new[] { (3, 17, 33), (32, 2, 128), (65, 97, 130) })
            foreach (bool useDouble in new[] { false, true })
                CheckCase(false, true, m, n, k, alpha, beta, useDouble: useDouble, seed: 5);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.0)]
    public void BetaZeroOverwritesNaN(double alpha)
    {
        foreach (var (m, n, k) in new[] { (1, 1, 1), (3, 17, 33), (32, 128, 4), (100, 100, 100), (5, 7, 0) })
            foreach (bool transA in new[] { false, true })
                foreach (bool useDouble in new[] { false, true })
                    CheckCase(transA, !transA, m, n, k, alpha, beta: 0, nanC: true, pad: 2, offset: 1, useDouble: useDouble, seed: 6);
    }

    [Fact]
    public void RandomShapeSweep()
    {
        var rng = new Random(20240601);
        for (int t = 0; t < 150; t++)
        {
            int m = rng.Next(1, 70), n = rng.Next(1, 90), k = rng.Next(0, 80);
            CheckCase(rng.Next(2) == 0, rng.Next(2) == 0, m, n, k, alpha: rng.Next(-2, 3), beta: rng.Next(-1, 2),
                pad: rng.Next(3), offset: rng.Next(5), seed: t, useDouble: t % 3 == 0);
        }
    }

    [Fact]
    public void ZeroSizesDoNothingOrScale()
    {
        var c = new float[] { 1, 2, 3, 4 };
        Gemm.Sgemm(false, false, 0, 2, 3, 1, [], 0, 3, new float[6], 0, 2, 0, c, 0, 2);
        Gemm.Sgemm(false, false, 2, 0, 3, 1, new float[6], 0, 3, [], 0, 1, 0, c, 0, 1);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, c);
        Gemm.Sgemm(false, false, 2, 2, 0, 1, [], 0, 1, [], 0, 2, 2, c, 0, 2);
        Assert.Equal(new float[] { 2, 4, 6, 8 }, c);
    }

    [Fact]
    public void BadArgumentsThrowWithTheOperationName()
    {
        var x = new float[12];
        var e = Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 3, 4, 4, 1, x, 0, 4, x, 0, 4, 0, new float[12], 0, 4));
        Assert.Contains("Sgemm", e.Message);
        Assert.Contains("B", e.Message);
        Assert.Throws<ArgumentException>(() => Gemm.Sgemm(false, false, 3, 4, 4, 1, x, 0, 3, x, 0, 4, 0, new float[12], 0, 4));
        Assert.Throws<ArgumentException>(() => Gemm.Dgemm(false, false, -1, 4, 4, 1, new double[1], 0, 4, new double[1], 0, 4, 0, new double[1], 0, 4));
        Assert.ThrowsAny<ArgumentException>(() => Gemm.Sgemm(false, false, 1, 1, 1, 1, x, -1, 1, x, 0, 1, 0, x, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Gemm.MaxThreads = 0);
    }

    /// <summary>The tiles this CPU can run (as ints: GemmIsa is internal); all three on an AVX-512 machine.</summary>
    public static TheoryData<int> SupportedKernels()
    {
        var data = new TheoryData<int>();
        foreach (var isa in Enum.GetValues<GemmIsa>())
            if (isa <= GemmKernel<float>.Detected) data.Add((int)isa);
        return data;
    }

    [Theory, MemberData(nameof(SupportedKernels))]
    public void EveryRegisterTileMatchesReference(int isaNumber)
    {
        var isa = (GemmIsa)isaNumber;
        // Sizes around each tile (4×4, 6×16, 8×32 floats; half as wide in double), kc = 256 and nc = 4096.
        foreach (var (m, n, k) in new[] { (1, 1, 1), (5, 7, 3), (8, 32, 16), (9, 33, 17), (6, 16, 300), (23, 70, 257), (130, 40, 9), (9, 4200, 5) })
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    CheckCase(transA, transB, m, n, k, alpha: 1.5, beta: 0.5, pad: 3, offset: 2, seed: m * n + k, blockedKernel: isa);
                    CheckCase(transA, transB, m, n, k, beta: 0, nanC: true, useDouble: true, seed: m + k, blockedKernel: isa);
                }
    }

    [Theory, MemberData(nameof(SupportedKernels))]
    public void TinyCacheBlocksMatchReference(int isaNumber)
    {
        // Blocks of a few tiles run every loop of the nest (several kc slices with beta applied once,
        // several mc and nc blocks, edge tiles in each) on shapes small enough for a fast reference.
        foreach (var (m, n, k) in new[] { (37, 75, 29), (16, 64, 8), (50, 20, 41) })
            foreach (bool transA in new[] { false, true })
                foreach (bool transB in new[] { false, true })
                {
                    CheckCase(transA, transB, m, n, k, alpha: -1.25, beta: 0.5, pad: 1, offset: 3, seed: m + n, blockedKernel: (GemmIsa)isaNumber, blocking: (7, 16, 40));
                    CheckCase(transA, transB, m, n, k, beta: 0, nanC: true, useDouble: true, seed: k, blockedKernel: (GemmIsa)isaNumber, blocking: (5, 12, 20));
                }
    }

    [Theory]
    [InlineData(false, false, 300, 200, 100)]
    [InlineData(false, true, 200, 300, 100)]
    [InlineData(true, false, 517, 33, 260)]
    [InlineData(true, true, 40, 700, 130)]
    public unsafe void ThreadedResultEqualsSingleThreaded(bool transA, bool transB, int m, int n, int k)
    {
        // Bands split whole tiles and keep every element's summation order, so the results are identical.
        var rng = new Random(m + n + k);
        float[] a = new float[m * k], b = new float[k * n], single = new float[m * n], threaded = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = (float)rng.NextDouble() - 0.5f;
        for (int i = 0; i < b.Length; i++) b[i] = (float)rng.NextDouble() - 0.5f;
        int lda = transA ? m : k, ldb = transB ? k : n;
        fixed (float* pa = a, pb = b, ps = single, pt = threaded)
        {
            Gemm.Run(transA, transB, m, n, k, 1f, pa, lda, pb, ldb, 0f, ps, n, threads: 1);
            foreach (int threads in new[] { 2, 3, 4 })
            {
                Array.Fill(threaded, float.NaN);
                Gemm.Run(transA, transB, m, n, k, 1f, pa, lda, pb, ldb, 0f, pt, n, threads);
                Assert.Equal(single, threaded);
            }
        }
        CheckCase(transA, transB, m, n, k, seed: 9); // and the public entry (MaxThreads = all cores) is right
    }

    [Fact]
    public void ConcurrentCallersGetTheirOwnBuffersAndJobs()
    {
        // Each calling thread has its own packing buffers and fork-join job; hammer them from several threads.
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = Enumerable.Range(0, 4).Select(t => new Thread(() =>
        {
            try
            {
                for (int r = 0; r < 3; r++) CheckCase(t % 2 == 0, r % 2 == 0, 150 + t, 160, 200, seed: t * 10 + r);
            }
            catch (Exception e) { errors.Add(e); }
        })).ToArray();
        foreach (var th in threads) th.Start();
        foreach (var th in threads) th.Join();
        Assert.Empty(errors);
    }
}
