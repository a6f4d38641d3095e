using CourseKit.Torch;
using CourseKit.Torch.Modules;
using static CourseKit.Torch.torch;
using F = CourseKit.Torch.torch.nn.functional;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Behaviours where the engine once differed from PyTorch (checked with PyTorch 1.13): per-parameter
/// Adam steps, in-place changes to graph tensors, bool and integer arithmetic, degenerate reductions,
/// float32 tanh near zero.
/// </summary>
public class PyTorchParityTests
{
    [Fact]
    public void AdamCountsStepsPerParameter()
    {
        // q has no gradient on the first step. PyTorch keeps a step count per parameter, so q's first
        // update uses bias correction for step 1; a global count uses step 2 and shrinks q's update.
        var run = OptimizerTests.Run("Adam", 3, 3, ScalarType.Float64, qUnusedOnFirstStep: true);
        var expected = OptimizerTests.AdamUnusedFirstStep3;
        OptimizerTests.AssertClose(expected.p, run[2].p, 1e-12, "p after step 3");
        OptimizerTests.AssertClose(expected.q, run[2].q, 1e-12, "q after step 3");
    }

    [Fact]
    public void InPlaceOpOnANonLeafIsEitherRecordedOrRejected()
    {
        // PyTorch records y.mul_(3) in the graph, so dy/dx = 3. The engine neither records nor rejects it,
        // so the gradient is silently wrong (1).
        var x = tensor(new double[] { 1, 2 }, requires_grad: true);
        var y = x * 1;
        try { y.mul_(3); }
        catch (InvalidOperationException) { return; }          // rejecting it loudly is an acceptable fix
        y.sum().backward();
        Assert.Equal(new double[] { 3, 3 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void ModifyingATensorSavedForBackwardIsDetected()
    {
        // PyTorch: "one of the variables needed for gradient computation has been modified by an inplace operation".
        // The engine silently uses the modified value: a.grad = b + 1 instead of b.
        var a = tensor(new double[] { 1, 2 }, requires_grad: true);
        var b = tensor(new double[] { 5, 7 });
        var y = a * b;
        b.add_(1);
        try { y.sum().backward(); }
        catch (InvalidOperationException) { return; }
        Assert.Equal(new double[] { 5, 7 }, a.grad!.ToArray<double>());
    }

    [Fact]
    public void BoolPlusBoolIsBool()
    {
        var r = tensor(new[] { true, false }) + tensor(new[] { true, true });
        Assert.Equal(ScalarType.Bool, r.dtype);                                  // PyTorch 1.13: tensor([True, True])
        Assert.Equal(ScalarType.Bool, (tensor(new[] { true, false }) * tensor(new[] { true, true })).dtype);
    }

    [Fact]
    public void IntegerPowStaysInt64()
    {
        Assert.Equal(ScalarType.Int64, tensor(new long[] { 2, 3 }).pow(2).dtype);                            // PyTorch 1.13: int64
        Assert.Equal(ScalarType.Int64, tensor(new long[] { 2, 3 }).pow(tensor(new long[] { 2, 2 })).dtype);
    }

    [Fact]
    public void DegenerateReductionsGiveNaNAsInPyTorch()
    {
        Assert.True(double.IsNaN(tensor(new double[] { 1 }).var().item<double>()));     // unbiased variance of one sample
        Assert.True(double.IsNaN(zeros(0).mean().item<float>()));                       // mean of nothing
    }

    [Fact]
    public void Float32TanhIsAccurateNearZero()
    {
        // The engine calls TensorPrimitives.Tanh (System.Numerics.Tensors 11.0.0), whose float32 kernel gives
        // tanh(0) = -5.96e-8 and tanh(1e-6) = 9.54e-7 (4.6% off); PyTorch 1.13 gives 0 and 1e-6.
        var x = tensor(new float[] { 0, 1e-6f, 1e-4f, -1e-3f });
        var y = x.tanh().ToArray<float>();
        Assert.Equal(0f, y[0]);
        for (int i = 1; i < y.Length; i++)
        {
            double expected = Math.Tanh(x.ToArray<float>()[i]);
            Assert.True(Math.Abs(y[i] - expected) <= 1e-6 * Math.Abs(expected), $"tanh({x.ToArray<float>()[i]}) = {y[i]:G9}, expected {expected:G9}");
        }
    }
}
