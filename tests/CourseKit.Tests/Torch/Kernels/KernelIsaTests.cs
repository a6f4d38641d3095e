using System.Runtime.Intrinsics;
using CourseKit.Torch.Kernels;

namespace CourseKit.Tests.Torch.Kernels;

/// <summary>
/// Which register tile the engine runs. CI runs the engine's tests again with AVX-512, then AVX2 too,
/// switched off in the runtime and sets COURSEKIT_MAX_ISA to the widest tile that leg allows, so a leg whose
/// switch the runtime ignored fails here instead of quietly testing the wide kernels a second time.
/// </summary>
public class KernelIsaTests
{
    [Fact]
    public void TheKernelsUseTheWidestAcceleratedVectorAndNoWiderThanTheLegAllows()
    {
        var expected = Vector512.IsHardwareAccelerated ? GemmIsa.Vector512
            : Vector256.IsHardwareAccelerated ? GemmIsa.Vector256
            : Vector128.IsHardwareAccelerated ? GemmIsa.Vector128 : GemmIsa.Scalar;
        Assert.Equal(expected, GemmKernel<float>.Detected);
        Assert.Equal(expected, GemmKernel<float>.Current.Isa);
        string? cap = Environment.GetEnvironmentVariable("COURSEKIT_MAX_ISA");
        if (cap is null) return; // an ordinary run: any ISA the machine has is right
        var max = Enum.Parse<GemmIsa>(cap);
        Assert.True(GemmKernel<float>.Detected <= max, $"COURSEKIT_MAX_ISA={cap}, but the kernels run {GemmKernel<float>.Detected}: the runtime ignored the switch that should disable the wider ISA.");
    }
}
