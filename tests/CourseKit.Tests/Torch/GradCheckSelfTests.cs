using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>The gradient checker itself can fail: ops with a planted wrong backward are caught and named.</summary>
public class GradCheckSelfTests
{
    // y = x * 2 whose recorded backward is deliberately wrong on one element.
    private static Tensor TwiceWithWrongBackward(Tensor x, int wrongAt)
    {
        Tensor y;
        using (no_grad()) y = x.mul(2);
        return Autograd.Record(y, "planted_bug", [x], g =>
        {
            var gi = g.mul(2).clone();
            var a = gi.data<double>();
            a[wrongAt] = a[wrongAt] + 0.01;
            return [gi];
        });
    }

    [Fact]
    public void APlantedWrongGradientFailsAndTheMessageNamesOpInputAndElement()
    {
        var x = new Data(1).Uniform([3, 4]);
        var ex = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            GradCheck.Check("planted_bug", xs => xs[0].mul(xs[1]).add(TwiceWithWrongBackward(xs[1], 7)), [new Data(2).Uniform([3, 4]), x]));
        Assert.Contains("planted_bug", ex.Message);
        Assert.Contains("input 1", ex.Message);
        Assert.Contains("worst element 7 [1, 3]", ex.Message);
        Assert.Contains("1 of 12 elements off", ex.Message);
        Assert.DoesNotContain("input 0", ex.Message);
    }

    [Fact]
    public void AGradientThatNeverArrivesFails()
    {
        // The op hides its dependence on x from autograd: the analytic grad is null, the numeric one is not.
        var ex = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() =>
            GradCheck.Check("detached", (a, b) => a.mul(b.detach()).add(b.exp().detach()), new Data(3).Uniform([2]), new Data(4).Uniform([2])));
        Assert.Contains("input 1", ex.Message);
        Assert.Contains("grad", ex.Message);
    }

    [Fact]
    public void AGradientWithTheWrongSignFails()
    {
        Tensor NegatedBackward(Tensor x)
        {
            Tensor y;
            using (no_grad()) y = x.exp();
            return Autograd.Record(y, "bad_exp", [x], g => [g.mul(y.detach()).neg()]);
        }
        var ex = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => GradCheck.Check("bad_exp", NegatedBackward, new Data(5).Uniform([4])));
        Assert.Contains("4 of 4 elements off", ex.Message);
    }

    [Fact]
    public void ACorrectOpPassesAndTheCallerInputsAreUntouched()
    {
        var x = new Data(6).Uniform([3]);
        var before = x.ToArray<double>();
        GradCheck.Check("exp", t => t.exp(), x);
        Assert.Equal(before, x.ToArray<double>());
        Assert.Null(x.grad);
    }

    [Fact]
    public void Float32InputsAreRejected()
    {
        Assert.Throws<ArgumentException>(() => GradCheck.Check("exp", t => t.exp(), tensor(new float[] { 1f })));
    }
}
