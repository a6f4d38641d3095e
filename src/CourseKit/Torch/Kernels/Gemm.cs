using System.Numerics;
namespace CourseKit.Torch.Kernels;

/// <summary>
/// General matrix multiply on row-major arrays, the engine's one hot loop (Linear, matmul, conv via im2col).
/// This file is the public surface: argument checks, then dispatch by size to <see cref="GemmSmall"/>
/// (no packing, for the tiny products of small MLPs) or <see cref="GemmBlocked{T}"/> (packed, register-tiled).
/// </summary>
/// <remarks>
/// C[m×n] = alpha · op(A) · op(B) + beta · C, with op(A) m×k (A stored k×m when transA) and op(B) k×n
/// (B stored n×k when transB). Every matrix is an array, an element offset and a leading dimension (the
/// row stride, ≥ the stored row width). beta == 0 overwrites C without reading it, so NaN/garbage in C
/// does not leak through (BLAS semantics). C must not overlap A or B.
/// </remarks>
internal static class Gemm
{
    static int s_maxThreads = Environment.ProcessorCount;

    /// <summary>Upper bound on threads Gemm may use (default Environment.ProcessorCount); 1 = single-threaded.</summary>
    public static int MaxThreads
    {
        get => s_maxThreads;
        set => s_maxThreads = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "Gemm.MaxThreads must be at least 1.");
    }

    /// <summary>Single-precision C = alpha·op(A)·op(B) + beta·C (row-major; see the class remarks).</summary>
    public static unsafe void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
        float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
    {
        Check(nameof(Sgemm), transA, transB, m, n, k, a.Length, aOffset, lda, b.Length, bOffset, ldb, c.Length, cOffset, ldc);
        if (m == 0 || n == 0) return;
        fixed (float* pa = a, pb = b, pc = c)
            Run(transA, transB, m, n, k, alpha, pa + aOffset, lda, pb + bOffset, ldb, beta, pc + cOffset, ldc, MaxThreads);
    }

    /// <summary>Double-precision C = alpha·op(A)·op(B) + beta·C (row-major; see the class remarks).</summary>
    public static unsafe void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, double[] a, int aOffset, int lda,
        double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc)
    {
        Check(nameof(Dgemm), transA, transB, m, n, k, a.Length, aOffset, lda, b.Length, bOffset, ldb, c.Length, cOffset, ldc);
        if (m == 0 || n == 0) return;
        fixed (double* pa = a, pb = b, pc = c)
            Run(transA, transB, m, n, k, alpha, pa + aOffset, lda, pb + bOffset, ldb, beta, pc + cOffset, ldc, MaxThreads);
    }

    /// <summary>
    /// Pointer-level entry for callers that already hold pinned memory (conv). No checks: the caller
    /// guarantees the extents. <paramref name="threads"/> caps the threads this call may use.
    /// </summary>
    internal static unsafe void Run<T>(bool transA, bool transB, int m, int n, int k, T alpha, T* a, int lda,
        T* b, int ldb, T beta, T* c, int ldc, int threads) where T : unmanaged, INumber<T>
    {
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == T.Zero)
        {
            GemmSmall.ScaleC(m, n, beta, c, ldc);
            return;
        }
        if (GemmSmall.Prefer(transA, transB, m, n, k))
            GemmSmall.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
        else
            GemmBlocked<T>.Run(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, threads);
    }

    static void Check(string op, bool transA, bool transB, int m, int n, int k, int aLength, int aOffset, int lda,
        int bLength, int bOffset, int ldb, int cLength, int cOffset, int ldc)
    {
        if (m < 0 || n < 0 || k < 0)
            throw new ArgumentException($"{op}: sizes must be non-negative, got m={m}, n={n}, k={k}.");
        CheckMatrix(op, "A", transA ? k : m, transA ? m : k, aLength, aOffset, lda, "lda");
        CheckMatrix(op, "B", transB ? n : k, transB ? k : n, bLength, bOffset, ldb, "ldb");
        CheckMatrix(op, "C", m, n, cLength, cOffset, ldc, "ldc");
    }

    // A stored matrix of rows×cols with row stride ld must lie inside its array; unsafe code relies on it.
    static void CheckMatrix(string op, string name, int rows, int cols, int length, int offset, int ld, string ldName)
    {
        if (offset < 0)
            throw new ArgumentOutOfRangeException(name, $"{op}: {name} offset {offset} is negative.");
        if (ld < Math.Max(1, cols))
            throw new ArgumentException($"{op}: {ldName}={ld} is smaller than the stored row width {cols} of {name} ({rows}×{cols}).");
        if (rows == 0 || cols == 0) return;
        long end = offset + (long)(rows - 1) * ld + cols;
        if (end > length)
            throw new ArgumentException($"{op}: {name} ({rows}×{cols}, offset {offset}, {ldName}={ld}) needs {end} elements but its array has {length}.");
    }
}
