using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>Normal and Categorical: closed-form values and sampling statistics under fixed seeds.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class DistributionTests
{
    private const double HalfLog2Pi = 0.91893853320467274178;

    [Fact]
    public void NormalLogProbAndEntropyKnownValues()
    {
        var n = distributions.Normal(tensor(new double[] { 0, 1 }), tensor(new double[] { 1, 2 }));
        var lp = n.log_prob(tensor(new double[] { 0, 3 })).ToArray<double>();
        Assert.Equal(-HalfLog2Pi, lp[0], 12);
        Assert.Equal(-0.5 - Math.Log(2) - HalfLog2Pi, lp[1], 12);
        var h = n.entropy().ToArray<double>();
        Assert.Equal(0.5 + HalfLog2Pi, h[0], 12);
        Assert.Equal(0.5 + HalfLog2Pi + Math.Log(2), h[1], 12);
        Assert.Same(n.loc, n.mean);
        Assert.Equal(new double[] { 1, 4 }, n.variance.ToArray<double>());
    }

    [Fact]
    public void NormalSamplesHaveTheRightMeanAndStd()
    {
        var n = distributions.Normal(tensor(new float[] { 2, -1 }), tensor(new float[] { 3, 0.5f }), new Generator(11));
        var s = n.sample(20000);
        Assert.Equal(new long[] { 20000, 2 }, s.shape);
        Assert.False(s.requires_grad);
        var mean = s.mean([0]).ToArray<float>();
        var std = s.std(0).ToArray<float>();
        // 5 standard errors: se(mean) = σ/√n, se(std) ≈ σ/√(2n).
        Assert.InRange(mean[0], 2 - 5 * 3 / Math.Sqrt(20000), 2 + 5 * 3 / Math.Sqrt(20000));
        Assert.InRange(mean[1], -1 - 5 * 0.5 / Math.Sqrt(20000), -1 + 5 * 0.5 / Math.Sqrt(20000));
        Assert.InRange(std[0], 3 * (1 - 5 / Math.Sqrt(40000)), 3 * (1 + 5 / Math.Sqrt(40000)));
        Assert.InRange(std[1], 0.5 * (1 - 5 / Math.Sqrt(40000)), 0.5 * (1 + 5 / Math.Sqrt(40000)));
        var z = randn([50000]);
        Assert.InRange(z.mean().item<float>(), -5 / Math.Sqrt(50000), 5 / Math.Sqrt(50000));
        Assert.InRange(z.std().item<float>(), 1 - 5 / Math.Sqrt(100000), 1 + 5 / Math.Sqrt(100000));
        // Tails: about 4.55% of standard normal samples lie beyond ±2.
        double tail = z.abs().gt(2).sum().item<long>() / 50000.0;
        Assert.InRange(tail, 0.0455 - 5 * Math.Sqrt(0.0455 * 0.9545 / 50000), 0.0455 + 5 * Math.Sqrt(0.0455 * 0.9545 / 50000));
    }

    [Fact]
    public void RsampleIsLocPlusScaleTimesNoiseAndCarriesGradients()
    {
        var loc = tensor(new double[] { 1, 2 }, requires_grad: true);
        var scale = tensor(new double[] { 0.5, 3 }, requires_grad: true);
        var x = distributions.Normal(loc, scale, new Generator(3)).rsample();
        var eps = randn([2], ScalarType.Float64, generator: new Generator(3)).ToArray<double>();
        Assert.Equal(1 + 0.5 * eps[0], x.ToArray<double>()[0], 12);
        x.sum().backward();
        Assert.Equal(new double[] { 1, 1 }, loc.grad!.ToArray<double>());
        Assert.Equal(eps[0], scale.grad!.ToArray<double>()[0], 12);
        Assert.Equal(eps[1], scale.grad!.ToArray<double>()[1], 12);
    }

    [Fact]
    public void NormalRejectsNonPositiveScale()
    {
        var ex = Assert.Throws<ArgumentException>(() => distributions.Normal(zeros(2), tensor(new float[] { 1, 0 })));
        Assert.Contains("exp(log_std)", ex.Message);
    }

    [Fact]
    public void CategoricalSampleFrequenciesMatchTheProbabilities()
    {
        double[] p = [0.1, 0.2, 0.7];
        const int n = 30000;
        var c = distributions.Categorical(probs: tensor(p.Select(v => (float)v).ToArray()), generator: new Generator(123));
        var s = c.sample(n).ToArray<long>();
        Assert.Equal(n, s.Length);
        double chi2 = 0;
        for (int k = 0; k < 3; k++)
        {
            double f = s.Count(v => v == k) / (double)n;
            Assert.InRange(f, p[k] - 5 * Math.Sqrt(p[k] * (1 - p[k]) / n), p[k] + 5 * Math.Sqrt(p[k] * (1 - p[k]) / n));
            chi2 += Math.Pow(f * n - p[k] * n, 2) / (p[k] * n);
        }
        Assert.True(chi2 < 13.8, $"chi² = {chi2} (2 dof, p < 0.001 above 13.8)");
    }

    [Fact]
    public void CategoricalFromLogitsSamplesEachRowFromItsOwnDistribution()
    {
        // Row 0 puts everything on class 2, row 1 splits evenly between classes 0 and 1.
        var logits = tensor(new float[] { -50, -50, 0, 0, 0, -50 }, [2, 3]);
        var c = distributions.Categorical(logits: logits, generator: new Generator(5));
        var s = c.sample(4000);
        Assert.Equal(new long[] { 4000, 2 }, s.shape);
        var v = s.ToArray<long>();
        Assert.All(Enumerable.Range(0, 4000), i => Assert.Equal(2, v[2 * i]));
        double ones = Enumerable.Range(0, 4000).Count(i => v[2 * i + 1] == 1) / 4000.0;
        Assert.InRange(ones, 0.5 - 5 * 0.5 / Math.Sqrt(4000), 0.5 + 5 * 0.5 / Math.Sqrt(4000));
        Assert.DoesNotContain(2L, Enumerable.Range(0, 4000).Select(i => v[2 * i + 1]));
        Assert.Equal(new long[] { 2 }, c.sample().shape);
    }

    [Fact]
    public void CategoricalLogProbEntropyAndNormalisation()
    {
        var c = distributions.Categorical(probs: tensor(new double[] { 1, 1, 2 }));
        Assert.Equal(new double[] { 0.25, 0.25, 0.5 }, c.probs.ToArray<double>());
        Assert.Equal(Math.Log(0.5), c.log_prob(tensor(new long[] { 2 })).item<double>(), 12);
        Assert.Equal(-(0.25 * Math.Log(0.25) * 2 + 0.5 * Math.Log(0.5)), c.entropy().item<double>(), 12);
        Assert.Equal(3, c.num_categories);

        var byLogits = distributions.Categorical(logits: tensor(new double[] { 0, 0, Math.Log(2) }));
        Assert.Equal(c.probs.ToArray<double>().Select(v => Math.Round(v, 12)), byLogits.probs.ToArray<double>().Select(v => Math.Round(v, 12)));
        Assert.Equal(Math.Log(0.25), byLogits.log_prob(tensor(new long[] { 1 })).item<double>(), 12);

        // A zero-probability class contributes 0·log 0 = 0 to the entropy, not NaN.
        var z = distributions.Categorical(probs: tensor(new float[] { 0.5f, 0.5f, 0 }));
        Assert.Equal(Math.Log(2), z.entropy().item<float>(), 6);
        Assert.True(double.IsNaN(z.mean.ToArray<double>().Single()) || z.mean.numel() == 0);
    }

    [Fact]
    public void CategoricalNeedsExactlyOneOfProbsAndLogits()
    {
        Assert.Contains("exactly one", Assert.Throws<ArgumentException>(() => distributions.Categorical()).Message);
        Assert.Throws<ArgumentException>(() => distributions.Categorical(probs: ones(2), logits: ones(2)));
        Assert.Throws<ArgumentException>(() => distributions.Categorical(probs: tensor(new float[] { -0.1f, 1.1f })));
        Assert.Throws<ArgumentException>(() => distributions.Categorical(logits: ones(2)).log_prob(tensor(new float[] { 1 })));
    }
}
