using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace CourseKit.Torch.Kernels;

/// <summary>
/// The AVX-512 register tile: an 8×(2·16) float (8×(2·8) double) block of C held in 16 zmm accumulators
/// while a packed A micro-panel (8 values per k) and a packed B micro-panel (2 vectors per k) stream by.
/// </summary>
/// <remarks>
/// Why 8 rows × 2 vectors: each k step is 2 vector loads of B, 8 broadcasts of A and 16 independent FMAs.
/// 16 accumulators + 2 B vectors + 1 broadcast use 19 of the 32 zmm registers, so nothing spills, and
/// 16 independent FMA chains cover the FMA latency (4 cycles × 1 zmm FMA/cycle on Zen 4, which
/// double-pumps 512-bit ops) with room to spare. The loads (2 vector + 8 scalar broadcasts per 16 FMAs) fit
/// the 2-3 load ports. Eight rows also divide the course's batch sizes (32, 128), so the tiny MLP products
/// waste no rows, where a 12- or 14-row tile would. The tile is written with beta applied; alpha was
/// already folded into the packed A panel.
/// </remarks>
internal static unsafe class MicroKernel512<T> where T : unmanaged, INumber<T>
{
    public const int MR = 8;
    public static int NR => 2 * Vector512<T>.Count;

    /// <summary>dst[8 × NR] (row stride ldd) = Σ_p a[p·8 + r] · b[p·NR + c] + beta · dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(int kc, T* a, T* b, T* dst, nint ldd, T beta)
    {
        int v = Vector512<T>.Count;
        Vector512<T> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default, c30 = default, c31 = default;
        Vector512<T> c40 = default, c41 = default, c50 = default, c51 = default, c60 = default, c61 = default, c70 = default, c71 = default;
        for (int p = 0; p < kc; p++, a += MR, b += 2 * v)
        {
            var b0 = Vector512.Load(b);
            var b1 = Vector512.Load(b + v);
            var x = Vector512.Create(a[0]); c00 = Fma(x, b0, c00); c01 = Fma(x, b1, c01);
            x = Vector512.Create(a[1]); c10 = Fma(x, b0, c10); c11 = Fma(x, b1, c11);
            x = Vector512.Create(a[2]); c20 = Fma(x, b0, c20); c21 = Fma(x, b1, c21);
            x = Vector512.Create(a[3]); c30 = Fma(x, b0, c30); c31 = Fma(x, b1, c31);
            x = Vector512.Create(a[4]); c40 = Fma(x, b0, c40); c41 = Fma(x, b1, c41);
            x = Vector512.Create(a[5]); c50 = Fma(x, b0, c50); c51 = Fma(x, b1, c51);
            x = Vector512.Create(a[6]); c60 = Fma(x, b0, c60); c61 = Fma(x, b1, c61);
            x = Vector512.Create(a[7]); c70 = Fma(x, b0, c70); c71 = Fma(x, b1, c71);
        }
        if (beta == T.Zero)
        {
            Store(dst, c00, c01, v); Store(dst + ldd, c10, c11, v); Store(dst + 2 * ldd, c20, c21, v); Store(dst + 3 * ldd, c30, c31, v);
            Store(dst + 4 * ldd, c40, c41, v); Store(dst + 5 * ldd, c50, c51, v); Store(dst + 6 * ldd, c60, c61, v); Store(dst + 7 * ldd, c70, c71, v);
        }
        else
        {
            var vb = Vector512.Create(beta);
            Update(dst, c00, c01, vb, v); Update(dst + ldd, c10, c11, vb, v); Update(dst + 2 * ldd, c20, c21, vb, v); Update(dst + 3 * ldd, c30, c31, vb, v);
            Update(dst + 4 * ldd, c40, c41, vb, v); Update(dst + 5 * ldd, c50, c51, vb, v); Update(dst + 6 * ldd, c60, c61, vb, v); Update(dst + 7 * ldd, c70, c71, vb, v);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Store(T* row, Vector512<T> lo, Vector512<T> hi, int v)
    {
        lo.Store(row);
        hi.Store(row + v);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Update(T* row, Vector512<T> lo, Vector512<T> hi, Vector512<T> beta, int v)
    {
        Fma(beta, Vector512.Load(row), lo).Store(row);
        Fma(beta, Vector512.Load(row + v), hi).Store(row + v);
    }

    /// <summary>x·y + z in one FMA instruction (the generic T is resolved at JIT time; the branches vanish).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector512<T> Fma(Vector512<T> x, Vector512<T> y, Vector512<T> z)
    {
        if (typeof(T) == typeof(float))
            return Vector512.MultiplyAddEstimate(x.AsSingle(), y.AsSingle(), z.AsSingle()).As<float, T>();
        if (typeof(T) == typeof(double))
            return Vector512.MultiplyAddEstimate(x.AsDouble(), y.AsDouble(), z.AsDouble()).As<double, T>();
        return x * y + z;
    }
}
