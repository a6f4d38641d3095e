using CourseKit.Torch;
using static CourseKit.Torch.torch;
using F = CourseKit.Torch.torch.nn.functional;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Gradients where a formula is easy to get wrong: at zero (softplus, BCE with logits, pow 0), at ties
/// (max), on 0-dim tensors (sum with keepdim, softmax), and after a backward that throws halfway.
/// Expected values are PyTorch 1.13's.
/// </summary>
public class GradientEdgeCaseTests
{
    [Fact]
    public void SoftplusGradientAtZeroIsOneHalf()
    {
        var x = tensor(new double[] { 0 }, requires_grad: true);
        F.softplus(x).sum().backward();
        Assert.Equal(0.5, x.grad!.item<double>(), 12);          // σ(0); PyTorch 1.13: 0.5
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsGradientAtZeroLogitIsSigmoidMinusTarget()
    {
        // A zero-initialised output layer gives exactly-zero logits on the first step.
        var x = tensor(new double[] { 0, 0 }, requires_grad: true);
        F.binary_cross_entropy_with_logits(x, tensor(new double[] { 1, 0 }), nn.Reduction.Sum).backward();
        Assert.Equal(new double[] { -0.5, 0.5 }, x.grad!.ToArray<double>());   // PyTorch 1.13: [-0.5, 0.5]
    }

    [Fact]
    public void PowZeroHasAZeroGradientEverywhere()
    {
        var x = tensor(new double[] { 0, 2 }, requires_grad: true);
        x.pow(0).sum().backward();
        Assert.Equal(new double[] { 0, 0 }, x.grad!.ToArray<double>());         // PyTorch 1.13: [0, 0]; 0 · x⁻¹ would give NaN at 0
    }

    [Fact]
    public void ABackwardThatThrowsDoesNotLeakGradientsIntoTheNextOne()
    {
        var p = tensor(new double[] { 0, 1 }, requires_grad: true);
        using (autograd.detect_anomaly())
        {
            // sqrt'(0) is infinite: the backward throws after mul's branch already routed 3 towards p.
            var loss = p.sqrt().sum() + (p * 3).sum();
            Assert.Throws<ArithmeticException>(() => loss.backward());
        }
        Assert.Null(p.grad);
        (p * 1).sum().backward();
        Assert.Equal(new double[] { 1, 1 }, p.grad!.ToArray<double>());          // not [4, 4]: the 3 routed before the throw is dropped
    }

    [Fact]
    public void SumOfAZeroDimTensorWithKeepdimStaysZeroDim()
    {
        var x = tensor(3.0, requires_grad: true);
        var y = x.sum(0, keepdim: true);
        Assert.Empty(y.shape);                                                   // PyTorch 1.13: torch.Size([])
        y.sum().backward();
        Assert.Equal(1.0, x.grad!.item<double>());
    }

    [Fact]
    public void MaxOfAllElementsSplitsTheGradientBetweenTies()
    {
        var x = tensor(new double[] { 1, 3, 3 }, requires_grad: true);
        x.max().backward();
        Assert.Equal(new double[] { 0, 0.5, 0.5 }, x.grad!.ToArray<double>());   // PyTorch 1.13: [0, 0.5, 0.5]
    }

    [Fact]
    public void SoftmaxOfAZeroDimTensorHasAGradient()
    {
        var x = tensor(2.0, requires_grad: true);
        var s = x.softmax(0);
        Assert.Equal(1.0, s.item<double>());
        s.backward();
        Assert.Equal(0.0, x.grad!.item<double>());                                      // PyTorch 1.13: 0
    }
}
