using CourseKit.Torch;
using static CourseKit.Torch.torch;
using F = CourseKit.Torch.torch.nn.functional;

namespace CourseKit.Tests.Torch;

/// <summary>How autograd behaves around the gradients: accumulation, no_grad, detach, in-place rules, errors, anomaly mode.</summary>
public class AutogradBehaviourTests
{
    private static Tensor Leaf(params double[] v) => tensor(v, requires_grad: true);

    [Fact]
    public void GradientsAccumulateOverTwoBackwardCalls()
    {
        var x = Leaf(1, 2);
        (x * 3).sum().backward();
        Assert.Equal(new double[] { 3, 3 }, x.grad!.ToArray<double>());
        (x * x).sum().backward();
        Assert.Equal(new double[] { 5, 7 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void AGradientIsACopyNotAnAliasOfTheUpstreamGradient()
    {
        // add's backward passes the upstream gradient through unchanged; accumulating into the leaf must not write into it.
        var x = Leaf(1, 2);
        var up = tensor(new double[] { 1, 1 });
        (x + 0).backward([up]);
        (x + 0).backward([up]);
        Assert.Equal(new double[] { 1, 1 }, up.ToArray<double>());
        Assert.Equal(new double[] { 2, 2 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void ATensorUsedOnSeveralPathsGetsTheSumOfTheirGradients()
    {
        var x = Leaf(2);
        var a = x * x;        // 2x
        var b = a * x;        // x³ -> 3x²
        var y = a + b + x;    // 2x + 3x² + 1
        y.backward();
        Assert.Equal(2 * 2 + 3 * 4 + 1, x.grad!.item<double>());
    }

    [Fact]
    public void NoGradRecordsNothingAndRestoresTheMode()
    {
        var x = Leaf(1, 2);
        Tensor y;
        using (no_grad())
        {
            Assert.False(is_grad_enabled());
            y = x * 2;
            using (enable_grad())
            {
                Assert.True(is_grad_enabled());
                Assert.True((x * 2).requires_grad);
            }
            Assert.False(is_grad_enabled());
        }
        Assert.True(is_grad_enabled());
        Assert.False(y.requires_grad);
        Assert.Null(y.grad_fn);
        Assert.True(y.is_leaf);
        Assert.Throws<InvalidOperationException>(() => y.sum().backward());
        using (set_grad_enabled(false)) Assert.False((x + 1).requires_grad);
        Assert.True((x + 1).requires_grad);
    }

    [Fact]
    public void GradFnNamesTheOperationAndLeavesHaveNone()
    {
        var x = Leaf(1);
        Assert.True(x.is_leaf);
        Assert.Null(x.grad_fn);
        Assert.Equal("mul", (x * 2).grad_fn);
        Assert.Equal("exp", x.exp().grad_fn);
        Assert.False((x * 2).is_leaf);
        Assert.False(tensor(new double[] { 1 }).mul(2).requires_grad);
    }

    [Fact]
    public void DetachCutsTheGraphAndSharesStorage()
    {
        var x = Leaf(3);
        var d = x.detach();
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);
        (x * d).backward();                 // d is a constant: dy/dx = d = 3, not 2x = 6
        Assert.Equal(3.0, x.grad!.item<double>());
        d.data<double>()[0] = 5;
        Assert.Equal(5.0, x.item<double>());
        var y = x * 2;
        y.detach_();
        Assert.False(y.requires_grad);
        Assert.Null(y.grad_fn);
    }

    [Fact]
    public void NonLeafTensorsDoNotKeepGradients()
    {
        var x = Leaf(1, 2);
        var h = x * 2;
        h.sum().backward();
        Assert.Null(h.grad);
        Assert.NotNull(x.grad);
    }

    [Fact]
    public void OnlyFloatingPointTensorsCanRequireGrad()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => tensor(new long[] { 1, 2 }).requires_grad = true);
        Assert.Contains("floating-point", ex.Message);
        Assert.Contains("int64", ex.Message);
        Assert.Throws<InvalidOperationException>(() => tensor(new long[] { 1 }, requires_grad: true));
        Assert.Throws<InvalidOperationException>(() => tensor(new[] { true }).requires_grad_());
        Assert.Throws<InvalidOperationException>(() => (Leaf(1) * 2).requires_grad = false);
    }

    [Fact]
    public void InPlaceOpsOnALeafThatRequiresGradThrowOutsideNoGrad()
    {
        var x = Leaf(1, 2);
        var ops = new (string name, Action op)[]
        {
            ("add_", () => x.add_(1)), ("add_", () => x.add_(tensor(new double[] { 1, 1 }))), ("sub_", () => x.sub_(1)),
            ("mul_", () => x.mul_(2)), ("div_", () => x.div_(2)), ("fill_", () => x.fill_(0)), ("_", () => x.zero_()),
            ("copy_", () => x.copy_(tensor(new double[] { 5, 6 }))), ("clamp_", () => x.clamp_(0, 1)), ("uniform_", () => x.uniform_()),
            ("normal_", () => x.normal_()), ("mul_", () => x.mul_(tensor(new double[] { 2, 2 }))),
        };
        foreach (var (name, op) in ops)
        {
            var ex = Assert.Throws<InvalidOperationException>(op);
            Assert.Contains(name, ex.Message);
            Assert.Contains("no_grad", ex.Message);
        }
        Assert.Equal(new double[] { 1, 2 }, x.ToArray<double>());
        using (no_grad())
        {
            x.mul_(2).add_(1);
            x.add_(tensor(new double[] { 1, 1 }), alpha: -0.5);
        }
        Assert.Equal(new double[] { 2.5, 4.5 }, x.ToArray<double>());
    }

    [Fact]
    public void BackwardOnANonScalarThrowsAndAnExplicitGradientWorks()
    {
        var x = Leaf(1, 2, 3);
        var y = x * x;
        var ex = Assert.Throws<InvalidOperationException>(() => y.backward());
        Assert.Contains("backward", ex.Message);
        Assert.Contains("[3]", ex.Message);
        Assert.Contains("sum()", ex.Message);
        y.backward([tensor(new double[] { 1, 0, -1 })]);
        Assert.Equal(new double[] { 2, 0, -6 }, x.grad!.ToArray<double>());
        Assert.Throws<ArgumentException>(() => (x * x).backward([tensor(new double[] { 1, 1 })]));
    }

    [Fact]
    public void BackwardOnATensorThatDoesNotRequireGradExplains()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => tensor(new double[] { 1 }).sum().backward());
        Assert.Contains("does not require grad", ex.Message);
        Assert.Contains("no_grad", ex.Message);
    }

    [Fact]
    public void AssigningAGradOfTheWrongShapeThrows()
    {
        var x = Leaf(1, 2);
        Assert.Throws<ArgumentException>(() => x.grad = tensor(new double[] { 1 }));
        x.grad = tensor(new double[] { 4, 5 });
        Assert.Equal(new double[] { 4, 5 }, x.grad!.ToArray<double>());
    }

    [Fact]
    public void ToTypeGradientsComeBackInTheLeafsDtype()
    {
        var x64 = Leaf(1, 2);
        var y = x64.to_type(ScalarType.Float32) * 3f;
        Assert.Equal(ScalarType.Float32, y.dtype);
        y.sum().backward();
        Assert.Equal(ScalarType.Float64, x64.grad!.dtype);
        Assert.Equal(new double[] { 3, 3 }, x64.grad.ToArray<double>());

        var x32 = tensor(new float[] { 1, 2 }, requires_grad: true);
        var z = x32.to_type(ScalarType.Float64) * x32.@double();
        z.sum().backward();
        Assert.Equal(ScalarType.Float32, x32.grad!.dtype);
        Assert.Equal(new float[] { 2, 4 }, x32.grad.ToArray<float>());

        // Mixed-dtype arithmetic promotes and still reaches both leaves in their own dtype.
        var a = tensor(new float[] { 2 }, requires_grad: true);
        var b = tensor(new double[] { 5 }, requires_grad: true);
        (a * b).sum().backward();
        Assert.Equal(ScalarType.Float32, a.grad!.dtype);
        Assert.Equal(5f, a.grad.item<float>());
        Assert.Equal(ScalarType.Float64, b.grad!.dtype);
        Assert.Equal(2.0, b.grad.item<double>());
    }

    [Fact]
    public void ConversionToAnIntegerTypeCutsTheGraph()
    {
        var x = Leaf(1.5, 2.5);
        Assert.False(x.to_type(ScalarType.Int64).requires_grad);
        Assert.False(x.gt(2).requires_grad);
        Assert.False(x.argmax().requires_grad);
    }

    [Fact]
    public void GradientsAtKinksFollowPyTorchConventions()
    {
        // PyTorch 1.13: relu'(0) = 0, abs'(0) = 0, leaky_relu'(0) = slope, selu'(0) = scale·alpha,
        // clamp passes the gradient at its bounds, maximum splits ties, max(dim) sends it to the returned index.
        double G(Func<Tensor, Tensor> f, double at)
        {
            var x = Leaf(at);
            f(x).sum().backward();
            return x.grad!.item<double>();
        }
        Assert.Equal(0.0, G(x => x.relu(), 0));
        Assert.Equal(0.0, G(x => x.abs(), 0));
        Assert.Equal(0.1, G(x => F.leaky_relu(x, 0.1), 0), 12);
        Assert.Equal(1.0507009873554805 * 1.6732632423543772, G(x => F.selu(x), 0), 10);
        Assert.Equal(1.0, G(x => x.clamp(-1, 1), 1));
        Assert.Equal(1.0, G(x => x.clamp(-1, 1), -1));
        Assert.Equal(0.0, G(x => x.clamp(-1, 1), 1.5));

        var a = Leaf(1, 3); var b = Leaf(2, 3);
        a.maximum(b).sum().backward();
        Assert.Equal(new double[] { 0, 0.5 }, a.grad!.ToArray<double>());
        Assert.Equal(new double[] { 1, 0.5 }, b.grad!.ToArray<double>());

        var m = Leaf(1, 3, 3);
        m.max(0).values.backward();
        Assert.Equal(new double[] { 0, 1, 0 }, m.grad!.ToArray<double>());
    }

    [Fact]
    public void AnomalyDetectionNamesTheOpThatProducedNaN()
    {
        var x = Leaf(-1, 2);
        Assert.True(double.IsNaN(x.log().ToArray<double>()[0]));          // off by default: NaN passes silently
        using (autograd.detect_anomaly())
        {
            Assert.True(autograd.is_anomaly_enabled());
            var ex = Assert.Throws<ArithmeticException>(() => x.log());
            Assert.Contains("log", ex.Message);
            Assert.Contains("NaN", ex.Message);
            Assert.Contains("flat index 0", ex.Message);
            var ex2 = Assert.Throws<ArithmeticException>(() => tensor(new double[] { 1, 0 }) / tensor(new double[] { 1, 0 }));
            Assert.Contains("div", ex2.Message);
        }
        Assert.False(autograd.is_anomaly_enabled());
    }

    [Fact]
    public void AnomalyDetectionNamesTheBackwardThatProducedInf()
    {
        // sqrt(0) = 0 is finite, but its gradient 1/(2·sqrt(0)) is not.
        var x = Leaf(0, 4);
        using (autograd.detect_anomaly())
        {
            var y = x.sqrt().sum();
            var ex = Assert.Throws<ArithmeticException>(() => y.backward());
            Assert.Contains("backward of sqrt", ex.Message);
        }
    }

    [Fact]
    public void TheGraphIsNotRecordedForTensorsThatDoNotNeedIt()
    {
        var w = Leaf(1, 2);
        var c = tensor(new double[] { 3, 4 });
        var y = c * 2 + c.exp();
        Assert.False(y.requires_grad);
        Assert.True((y * w).requires_grad);
    }
}
