using System.Numerics;
using System.Numerics.Tensors;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// GEMM without packing, for products too small to pay for it (e.g. the n=2 output layer of a DQN MLP,
/// or k=4 observations). Row-by-row AXPY (C row += a·B row) or dot products, through TensorPrimitives.
/// </summary>
internal static unsafe class GemmSmall
{
    /// <summary>
    /// True when packing would cost more than it saves: very few flops overall, or an output too narrow
    /// to fill even one vector of a register tile.
    /// </summary>
    public static bool Prefer(bool transA, bool transB, int m, int n, int k)
    {
        long flops = (long)m * n * k;
        return flops <= 4096 || n <= 4 || (m <= 2 && !transA);
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
        ScaleC(m, n, beta, c, ldc);
        if (!transB)
        {
            // C row i += (alpha·A[i,p]) · B row p: B rows are contiguous, so each step is one vector AXPY.
            for (int i = 0; i < m; i++)
            {
                var cRow = new Span<T>(c + (long)i * ldc, n);
                for (int p = 0; p < k; p++)
                {
                    T aip = transA ? a[(long)p * lda + i] : a[(long)i * lda + p];
                    TensorPrimitives.MultiplyAdd(new ReadOnlySpan<T>(b + (long)p * ldb, n), alpha * aip, cRow, cRow);
                }
            }
            return;
        }

        // B stored n×k: both A's row and B's row j run along k, so C[i,j] is a dot product.
        T* row = transA ? Scratch<T>.Get(Slot.SmallRow, k) : null;
        for (int i = 0; i < m; i++)
        {
            T* aRow = a + (long)i * lda;
            if (transA)
            {
                for (int p = 0; p < k; p++) row[p] = a[(long)p * lda + i];
                aRow = row;
            }
            var x = new ReadOnlySpan<T>(aRow, k);
            T* cRow = c + (long)i * ldc;
            for (int j = 0; j < n; j++)
                cRow[j] += alpha * TensorPrimitives.Dot(x, new ReadOnlySpan<T>(b + (long)j * ldb, k));
        }
    }
}
