using System.Numerics;
using System.Runtime.Intrinsics;

namespace CourseKit.Torch.Kernels;

/// <summary>Which register tile a GEMM uses: the widest the hardware accelerates (tests force each in turn).</summary>
internal enum GemmIsa { Scalar, Vector128, Vector256, Vector512 }

/// <summary>
/// A micro-kernel and its tile shape (MR×NR), plus the cache blocking sizes tuned for it.
/// </summary>
/// <remarks>
/// Blocking (BLIS order; see GemmBlocked): a kc×NR micro-panel of B is reused by every MR-row panel of A
/// in the mc block, so it should stay in L1; the mc×kc block of A is reused across the whole nc width, so
/// it should stay in L2; the kc×nc block of B lives in L2/L3. With 48 KB L1d and 1 MB L2 per core:
/// kc = 256 floats gives a 32 KB B micro-panel (8×32 tile) plus an 8 KB A micro-panel in L1, and
/// mc = 192 a 192 KB A block, leaving most of L2 for the B block and C. Double halves NR, so the same kc
/// keeps the same bytes in L1. Measured on the development machine (an AMD family-26 EPYC, i.e. Zen 5,
/// with full-width 512-bit FMA): at 256³ and 512³ the kc/mc pairs 128/384 … 512/64 all peaked within a
/// few percent of each other (~210-220 GFLOP/s on one thread), so these sizes are not critical there;
/// they are the textbook fit for the cache sizes. The course's products are mostly a single kc slice.
/// </remarks>
internal sealed unsafe class GemmKernel<T> where T : unmanaged, INumber<T>
{
    public readonly GemmIsa Isa;
    public readonly int MR, NR, KC, MC, NC;
    public readonly delegate*<int, T*, T*, T*, nint, T, void> Run;

    GemmKernel(GemmIsa isa, int mr, int nr, int kc, int mc, int nc, delegate*<int, T*, T*, T*, nint, T, void> run)
    {
        (Isa, MR, NR, KC, MC, NC) = (isa, mr, nr, kc, mc, nc);
        Run = run;
    }

    static readonly GemmKernel<T> s_vector512 = new(GemmIsa.Vector512, MicroKernel512<T>.MR, MicroKernel512<T>.NR, 256, 192, 4096, &MicroKernel512<T>.Run);
    static readonly GemmKernel<T> s_vector256 = new(GemmIsa.Vector256, MicroKernel256<T>.MR, MicroKernel256<T>.NR, 256, 120, 4096, &MicroKernel256<T>.Run);
    static readonly GemmKernel<T> s_vector128 = new(GemmIsa.Vector128, MicroKernel128<T>.MR, MicroKernel128<T>.NR, 256, 128, 4096, &MicroKernel128<T>.Run);
    static readonly GemmKernel<T> s_scalar = new(GemmIsa.Scalar, MicroKernelScalar<T>.MR, MicroKernelScalar<T>.NR, 256, 64, 4096, &MicroKernelScalar<T>.Run);

    /// <summary>The widest tile the hardware accelerates.</summary>
    public static readonly GemmIsa Detected =
        Vector512.IsHardwareAccelerated ? GemmIsa.Vector512
        : Vector256.IsHardwareAccelerated ? GemmIsa.Vector256
        : Vector128.IsHardwareAccelerated ? GemmIsa.Vector128
        : GemmIsa.Scalar;

    /// <summary>The tile every GEMM uses (tests reach the others through <see cref="For"/>).</summary>
    public static GemmKernel<T> Current => For(Detected);

    /// <summary>
    /// The same tile with other blocking sizes (rounded to whole tiles): tests use tiny blocks to run every
    /// loop of the nest on small, cheap shapes; the benchmark used it to choose kc and mc.
    /// </summary>
    public GemmKernel<T> WithBlocking(int kc, int mc, int nc) =>
        new(Isa, MR, NR, Math.Max(1, kc), Math.Max(1, mc / MR) * MR, Math.Max(1, nc / NR) * NR, Run);

    public static GemmKernel<T> For(GemmIsa isa) => isa switch
    {
        GemmIsa.Vector512 => s_vector512,
        GemmIsa.Vector256 => s_vector256,
        GemmIsa.Vector128 => s_vector128,
        _ => s_scalar,
    };
}
