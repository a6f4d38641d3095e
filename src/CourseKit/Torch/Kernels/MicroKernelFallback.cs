using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The register tiles below AVX-512, widest first. AVX2: 6 rows × 2 Vector256 (6×16 float, 6×8 double).
/// </summary>
/// <remarks>
/// Why 6×2: AVX2 has only 16 ymm registers; 12 accumulators + 2 B vectors + 1 broadcast = 15 fit without
/// spilling, and 12 independent FMA chains cover 2 FMA pipes × 4-5 cycles latency (the classic
/// Haswell shape). Same packed-panel contract as <see cref="MicroKernel512{T}"/>.
/// </remarks>
internal static unsafe class MicroKernel256<T> where T : unmanaged, INumber<T>
{
    public const int MR = 6;
    public static int NR => 2 * Vector256<T>.Count;

    /// <summary>dst[6 × NR] (row stride ldd) = Σ_p a[p·6 + r] · b[p·NR + c] + beta · dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* dst, nint ldd, T beta)
    {
        int v = Vector256<T>.Count;
        Vector256<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<T> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++, a += MR, b += 2 * v)
        {
            var b0 = Vector256.Load(b);
            var b1 = Vector256.Load(b + v);
            var x = Vector256.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector256.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector256.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector256.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector256.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector256.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
        }
        var vb = Vector256.Create(beta);
        bool overwrite = beta == T.Zero;
        Write(dst, c00, c01, vb, overwrite, v); Write(dst + ldd, c10, c11, vb, overwrite, v);
        Write(dst + 2 * ldd, c20, c21, vb, overwrite, v); Write(dst + 3 * ldd, c30, c31, vb, overwrite, v);
        Write(dst + 4 * ldd, c40, c41, vb, overwrite, v); Write(dst + 5 * ldd, c50, c51, vb, overwrite, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Write(T* row, Vector256<T> lo, Vector256<T> hi, Vector256<T> beta, bool overwrite, int v)
    {
        // beta == 0 must not read C: 0 · NaN would be NaN.
        if (!overwrite)
        {
            lo = Fma(beta, Vector256.Load(row), lo);
            hi = Fma(beta, Vector256.Load(row + v), hi);
        }
        lo.Store(row);
        hi.Store(row + v);
    }

    /// <summary>z + x·y per lane (the direct conv kernels share it).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<T> Fma(Vector256<T> x, Vector256<T> y, Vector256<T> z)
    {
        // MultiplyAddEstimate is one FMA where the CPU has it and mul + add where it does not.
        if (typeof(T) == typeof(float))
            return Vector256.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector256.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }
}

/// <summary>
/// The 128-bit register tile: 8 rows × 2 Vector128 (8×8 float, 8×4 double), for CPUs whose widest
/// accelerated vector is 128 bits, chiefly ARM64 (Apple silicon laptops) with NEON's 32 registers:
/// 16 accumulators + 2 B vectors + 1 broadcast fit without spilling.
/// </summary>
internal static unsafe class MicroKernel128<T> where T : unmanaged, INumber<T>
{
    public const int MR = 8;
    public static int NR => 2 * Vector128<T>.Count;

    /// <summary>dst[8 × NR] (row stride ldd) = Σ_p a[p·8 + r] · b[p·NR + c] + beta · dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* dst, nint ldd, T beta)
    {
        int v = Vector128<T>.Count;
        Vector128<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector128<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++, a += MR, b += 2 * v)
        {
            var b0 = Vector128.Load(b);
            var b1 = Vector128.Load(b + v);
            var x = Vector128.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector128.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector128.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector128.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector128.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector128.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector128.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector128.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
        }
        var vb = Vector128.Create(beta);
        bool overwrite = beta == T.Zero;
        Write(dst, c00, c01, vb, overwrite, v); Write(dst + ldd, c10, c11, vb, overwrite, v);
        Write(dst + 2 * ldd, c20, c21, vb, overwrite, v); Write(dst + 3 * ldd, c30, c31, vb, overwrite, v);
        Write(dst + 4 * ldd, c40, c41, vb, overwrite, v); Write(dst + 5 * ldd, c50, c51, vb, overwrite, v);
        Write(dst + 6 * ldd, c60, c61, vb, overwrite, v); Write(dst + 7 * ldd, c70, c71, vb, overwrite, v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Write(T* row, Vector128<T> lo, Vector128<T> hi, Vector128<T> beta, bool overwrite, int v)
    {
        if (!overwrite)
        {
            lo = Fma(beta, Vector128.Load(row), lo);
            hi = Fma(beta, Vector128.Load(row + v), hi);
        }
        lo.Store(row);
        hi.Store(row + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector128<T> Fma(Vector128<T> x, Vector128<T> y, Vector128<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector128.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector128.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }
}

/// <summary>
/// Scalar 4×4 tile: the last resort when no SIMD width is accelerated (slow, but correct; tests force it
/// like every other tile).
/// </summary>
internal static unsafe class MicroKernelScalar<T> where T : unmanaged, INumber<T>
{
    public const int MR = 4;
    public const int NR = 4;

    public static void Run(int kc, T* a, T* b, T* dst, nint ldd, T beta)
    {
        T* acc = stackalloc T[MR * NR];
        for (int i = 0; i < MR * NR; i++) acc[i] = T.Zero;
        for (int p = 0; p < kc; p++, a += MR, b += NR)
            for (int r = 0; r < MR; r++)
                for (int c = 0; c < NR; c++)
                    acc[r * NR + c] += a[r] * b[c];
        for (int r = 0; r < MR; r++)
            for (int c = 0; c < NR; c++)
            {
                T* d = dst + r * ldd + c;
                *d = beta == T.Zero ? acc[r * NR + c] : acc[r * NR + c] + beta * *d;
            }
    }
}
