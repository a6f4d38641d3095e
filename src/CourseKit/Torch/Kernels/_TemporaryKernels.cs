using System.Numerics;

namespace CourseKit.Torch.Kernels;

// Plain reference kernels, replaced by the tuned GEMM/conv kernels when they land.
internal static class Gemm
{
    public static int MaxThreads { get; set; } = Environment.ProcessorCount;

    public static void Sgemm(bool transA, bool transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc)
        => Naive(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);

    public static void Dgemm(bool transA, bool transB, int m, int n, int k, double alpha, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb, double beta, double[] c, int cOffset, int ldc)
        => Naive(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);

    private static void Naive<T>(bool transA, bool transB, int m, int n, int k, T alpha, T[] a, int ao, int lda, T[] b, int bo, int ldb, T beta, T[] c, int co, int ldc)
        where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                T s = T.Zero;
                for (int p = 0; p < k; p++)
                {
                    T av = transA ? a[ao + p * lda + i] : a[ao + i * lda + p];
                    T bv = transB ? b[bo + j * ldb + p] : b[bo + p * ldb + j];
                    s += av * bv;
                }
                ref T dst = ref c[co + i * ldc + j];
                dst = beta == T.Zero ? alpha * s : alpha * s + beta * dst;
            }
    }
}

internal static class Conv2dKernels
{
    public static void Forward(float[] input, float[] weight, float[]? bias, float[] output, int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
        => Fwd(input, weight, bias, output, n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
    public static void Forward(double[] input, double[] weight, double[]? bias, double[] output, int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
        => Fwd(input, weight, bias, output, n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
    public static void BackwardInput(float[] gradOutput, float[] weight, float[] gradInput, int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
        => BwdIn(gradOutput, weight, gradInput, n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
    public static void BackwardInput(double[] gradOutput, double[] weight, double[] gradInput, int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
        => BwdIn(gradOutput, weight, gradInput, n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
    public static void BackwardWeight(float[] gradOutput, float[] input, float[] gradWeight, float[]? gradBias, int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
        => BwdW(gradOutput, input, gradWeight, gradBias, n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);
    public static void BackwardWeight(double[] gradOutput, double[] input, double[] gradWeight, double[]? gradBias, int n, int c, int h, int w, int o, int kh, int kw, int strideH, int strideW, int padH, int padW)
        => BwdW(gradOutput, input, gradWeight, gradBias, n, c, h, w, o, kh, kw, strideH, strideW, padH, padW);

    private static void Fwd<T>(T[] x, T[] wt, T[]? bias, T[] y, int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) where T : unmanaged, INumber<T>
    {
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        for (int b = 0; b < n; b++) for (int f = 0; f < o; f++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++)
        {
            T s = bias is null ? T.Zero : bias[f];
            for (int ch = 0; ch < c; ch++) for (int u = 0; u < kh; u++) for (int v = 0; v < kw; v++)
            {
                int yy = i * sh - ph + u, xx = j * sw - pw + v;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                s += x[((b * c + ch) * h + yy) * w + xx] * wt[((f * c + ch) * kh + u) * kw + v];
            }
            y[((b * o + f) * oh + i) * ow + j] = s;
        }
    }

    private static void BwdIn<T>(T[] gy, T[] wt, T[] gx, int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) where T : unmanaged, INumber<T>
    {
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        Array.Clear(gx, 0, n * c * h * w);
        for (int b = 0; b < n; b++) for (int f = 0; f < o; f++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++)
        {
            T g = gy[((b * o + f) * oh + i) * ow + j];
            for (int ch = 0; ch < c; ch++) for (int u = 0; u < kh; u++) for (int v = 0; v < kw; v++)
            {
                int yy = i * sh - ph + u, xx = j * sw - pw + v;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                gx[((b * c + ch) * h + yy) * w + xx] += g * wt[((f * c + ch) * kh + u) * kw + v];
            }
        }
    }

    private static void BwdW<T>(T[] gy, T[] x, T[] gw, T[]? gb, int n, int c, int h, int w, int o, int kh, int kw, int sh, int sw, int ph, int pw) where T : unmanaged, INumber<T>
    {
        int oh = (h + 2 * ph - kh) / sh + 1, ow = (w + 2 * pw - kw) / sw + 1;
        Array.Clear(gw, 0, o * c * kh * kw);
        if (gb is not null) Array.Clear(gb, 0, o);
        for (int b = 0; b < n; b++) for (int f = 0; f < o; f++) for (int i = 0; i < oh; i++) for (int j = 0; j < ow; j++)
        {
            T g = gy[((b * o + f) * oh + i) * ow + j];
            if (gb is not null) gb[f] += g;
            for (int ch = 0; ch < c; ch++) for (int u = 0; u < kh; u++) for (int v = 0; v < kw; v++)
            {
                int yy = i * sh - ph + u, xx = j * sw - pw + v;
                if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
                gw[((f * c + ch) * kh + u) * kw + v] += g * x[((b * c + ch) * h + yy) * w + xx];
            }
        }
    }
}
