using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// GEMM without packing, for products where a packed MR×NR register tile would be mostly padding or its
/// packing would cost more than the arithmetic: a DQN head with n = 2 actions, a 4-wide observation
/// layer's weight gradient (n = 4), a two-row product. Three shapes of loop, all on Vector&lt;T&gt;
/// (portable, and these products are too small for the vector width to matter):
/// <list type="bullet">
/// <item>row AXPY (B not transposed): a chunk of one C row stays in registers while rows of B stream by;</item>
/// <item>column tile (A transposed, C narrow): vectors run down A's stored rows, i.e. along m;</item>
/// <item>dot products (B transposed): A's row and B's row both run along k.</item>
/// </list>
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>True when this path beats packing (decided from the DQN MLP shapes in the gemm benchmark).</summary>
    public static bool Prefer(bool transA, bool transB, int m, int n, int k)
    {
        long work = (long)m * n * k;
        if (work <= 4096) return true;   // packing overhead alone exceeds the arithmetic
        if (n < 16) return true;         // the 16- or 32-wide register tile would be mostly padding
        return m <= 4;                   // a few rows (acting on one observation): B is read at most four times
    }

    /// <summary>C = beta·C; beta == 0 writes zeros without reading C (BLAS semantics, NaN does not survive).</summary>
    public static void ScaleC<T>(int m, int n, T beta, T* c, int ldc) where T : unmanaged, INumber<T>
    {
        if (beta == T.One) return;
        for (int i = 0; i < m; i++)
        {
            var row = new Span<T>(c + (long)i * ldc, n);
            if (beta == T.Zero) row.Clear();
            else TensorPrimitives.Multiply(row, beta, row);
        }
    }

    public static void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda,
        T* b, int ldb, T beta, T* c, int ldc) where T : unmanaged, INumber<T>
    {
        if (transA && n <= 8 && m >= Vector<T>.Count)
            ColumnTile(m, n, k, alpha, a, lda, b, ldb, transB, beta, c, ldc);
        else if (transB)
            Dots(transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else if (n < 2 * Vector<T>.Count && n % Vector<T>.Count != 0)
        {
            // Too narrow for whole vectors along n (C's columns would mostly go through the scalar tail):
            // transpose B (small: n×k) so each C element is a dot product along k instead.
            T* bt = Scratch<T>.Get(Slot.SmallB, (long)n * k);
            for (int p = 0; p < k; p++)
                for (int j = 0; j < n; j++) bt[(long)j * k + p] = b[(long)p * ldb + j];
            Dots(transA, m, n, k, alpha, a, lda, bt, k, beta, c, ldc);
        }
        else
            RowAxpy(transA, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    }

    /// <summary>C row i = alpha·Σ_p A(i,p)·B row p + beta·C row i, 4 vectors of C at a time in registers.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void RowAxpy<T>(bool transA, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, INumber<T>
    {
        int v = Vector<T>.Count;
        nint aStep = transA ? lda : 1, aRow = transA ? 1 : lda;
        for (int i = 0; i < m; i++)
        {
            T* ai = a + i * aRow;
            T* ci = c + (long)i * ldc;
            int j = 0;
            for (; j + 4 * v <= n; j += 4 * v)
            {
                Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
                T* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb)
                {
                    var x = new Vector<T>(ai[p * aStep]);
                    s0 = Fma(x, Vector.Load(bp), s0);
                    s1 = Fma(x, Vector.Load(bp + v), s1);
                    s2 = Fma(x, Vector.Load(bp + 2 * v), s2);
                    s3 = Fma(x, Vector.Load(bp + 3 * v), s3);
                }
                Write(ci + j, s0, alpha, beta); Write(ci + j + v, s1, alpha, beta);
                Write(ci + j + 2 * v, s2, alpha, beta); Write(ci + j + 3 * v, s3, alpha, beta);
            }
            for (; j + v <= n; j += v)
            {
                Vector<T> s = default;
                T* bp = b + j;
                for (int p = 0; p < k; p++, bp += ldb) s = Fma(new Vector<T>(ai[p * aStep]), Vector.Load(bp), s);
                Write(ci + j, s, alpha, beta);
            }
            for (; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++) s += ai[p * aStep] * b[(long)p * ldb + j];
                ci[j] = Blend(s, alpha, beta, ci[j]);
            }
        }
    }

    /// <summary>
    /// A stored k×m and C at most 8 wide: vectors along m read A's stored rows directly; each B(p, j) is a
    /// broadcast. The finished vectors are scattered into C's columns (cheap: C is narrow).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void ColumnTile<T>(int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, bool transB, T beta, T* c, int ldc)
        where T : unmanaged, INumber<T>
    {
        int v = Vector<T>.Count;
        nint bRow = transB ? 1 : ldb, bCol = transB ? ldb : 1; // B(p, j) = b[p·bRow + j·bCol]
        T* lanes = stackalloc T[v];
        for (int i = 0; i < m; i += v)
        {
            int i0 = Math.Min(i, m - v); // last block overlaps the previous one instead of running past m
            for (int j = 0; j < n; j += 4)
            {
                int w = Math.Min(4, n - j);
                Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
                T* bp = b + j * bCol;
                for (int p = 0; p < k; p++, bp += bRow)
                {
                    var x = Vector.Load(a + (long)p * lda + i0);
                    s0 = Fma(x, new Vector<T>(bp[0]), s0);
                    if (w > 1) s1 = Fma(x, new Vector<T>(bp[bCol]), s1);
                    if (w > 2) s2 = Fma(x, new Vector<T>(bp[2 * bCol]), s2);
                    if (w > 3) s3 = Fma(x, new Vector<T>(bp[3 * bCol]), s3);
                }
                for (int q = 0; q < w; q++)
                {
                    (q == 0 ? s0 : q == 1 ? s1 : q == 2 ? s2 : s3).Store(lanes);
                    // Rows below i were already written by the previous block when this one overlaps it.
                    for (int r = i - i0; r < v; r++)
                    {
                        T* d = c + (long)(i0 + r) * ldc + j + q;
                        *d = Blend(lanes[r], alpha, beta, *d);
                    }
                }
            }
        }
    }

    /// <summary>C[i,j] = alpha·(A row i · B row j) + beta·C[i,j], four B rows per pass over A's row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void Dots<T>(bool transA, int m, int n, int k, T alpha, T* a, int lda, T* b, int ldb, T beta, T* c, int ldc)
        where T : unmanaged, INumber<T>
    {
        int v = Vector<T>.Count;
        T* row = transA ? Scratch<T>.Get(Slot.SmallRow, k) : null;
        for (int i = 0; i < m; i++)
        {
            T* ai = a + (long)i * lda;
            if (transA)
            {
                for (int p = 0; p < k; p++) row[p] = a[(long)p * lda + i];
                ai = row;
            }
            T* ci = c + (long)i * ldc;
            int j = 0;
            for (; j + 4 <= n; j += 4)
            {
                T* b0 = b + (long)j * ldb, b1 = b0 + ldb, b2 = b1 + ldb, b3 = b2 + ldb;
                Vector<T> s0 = default, s1 = default, s2 = default, s3 = default;
                int p = 0;
                for (; p + v <= k; p += v)
                {
                    var x = Vector.Load(ai + p);
                    s0 = Fma(x, Vector.Load(b0 + p), s0);
                    s1 = Fma(x, Vector.Load(b1 + p), s1);
                    s2 = Fma(x, Vector.Load(b2 + p), s2);
                    s3 = Fma(x, Vector.Load(b3 + p), s3);
                }
                T t0 = Vector.Sum(s0), t1 = Vector.Sum(s1), t2 = Vector.Sum(s2), t3 = Vector.Sum(s3);
                for (; p < k; p++)
                {
                    t0 += ai[p] * b0[p]; t1 += ai[p] * b1[p]; t2 += ai[p] * b2[p]; t3 += ai[p] * b3[p];
                }
                ci[j] = Blend(t0, alpha, beta, ci[j]); ci[j + 1] = Blend(t1, alpha, beta, ci[j + 1]);
                ci[j + 2] = Blend(t2, alpha, beta, ci[j + 2]); ci[j + 3] = Blend(t3, alpha, beta, ci[j + 3]);
            }
            for (; j < n; j++)
            {
                T* bj = b + (long)j * ldb;
                Vector<T> s0 = default;
                int p = 0;
                for (; p + v <= k; p += v) s0 = Fma(Vector.Load(ai + p), Vector.Load(bj + p), s0);
                T t = Vector.Sum(s0);
                for (; p < k; p++) t += ai[p] * bj[p];
                ci[j] = Blend(t, alpha, beta, ci[j]);
            }
        }
    }

    /// <summary>alpha·sum + beta·old, where beta == 0 ignores old (it may be NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static T Blend<T>(T sum, T alpha, T beta, T old) where T : INumber<T> => beta == T.Zero ? alpha * sum : alpha * sum + beta * old;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Write<T>(T* dst, Vector<T> sum, T alpha, T beta) where T : unmanaged, INumber<T>
    {
        var r = sum * new Vector<T>(alpha);
        if (beta != T.Zero) r = Fma(new Vector<T>(beta), Vector.Load(dst), r);
        r.Store(dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector<T> Fma<T>(Vector<T> x, Vector<T> y, Vector<T> z) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float))
            return Vector.MultiplyAddEstimate(x.As<T, float>(), y.As<T, float>(), z.As<T, float>()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector.MultiplyAddEstimate(x.As<T, double>(), y.As<T, double>(), z.As<T, double>()).As<double, T>();
        return x * y + z;
    }
}
