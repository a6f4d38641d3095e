using CourseKit.Rl;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>Behaviours fixed after the API review: copies are not silently modified, scopes, the shared generator.</summary>
[Collection(nameof(DefaultGeneratorCollection))]
public class ReviewRegressionTests
{
    [Fact]
    public void InPlaceChangesToCopiesThatPyTorchWouldViewAreRefused()
    {
        var x = zeros(2, 3);
        var column = x.select(1, 1);
        var ex = Assert.Throws<InvalidOperationException>(() => column.fill_(7));
        Assert.Contains("narrow/select along dim 1", ex.Message);
        Assert.Throws<InvalidOperationException>(() => x.t().add_(1));
        Assert.Throws<InvalidOperationException>(() => ones(3).expand(2, 3).mul_(2));
        x.select(0, 1).fill_(7);                                  // dim 0 is a real view
        Assert.Equal(new float[] { 0, 0, 0, 7, 7, 7 }, x.ToArray<float>());
        column.clone().fill_(7);                                  // an explicit copy may change
    }

    [Fact]
    public void ConvertingAModuleInsideAScopeKeepsItsBuffers()
    {
        var policy = new GaussianPolicy(new GaussianPolicySpec { ObsDim = 2, ActDim = 1, NLayers = 1, Size = 4, ObsMean = [1f, 2f], ObsStd = [1f, 1f] });
        using (NewDisposeScope()) policy.to(ScalarType.Float64);
        Assert.Equal(new long[] { 3, 1 }, policy.forward(zeros([3, 2], ScalarType.Float64)).shape);
    }

    [Fact]
    public void OptimizerStateTakenInsideAScopeOutlivesIt()
    {
        var p = nn.Parameter(ones(3));
        var opt = optim.Adam([p]);
        p.grad = ones(3);
        opt.step();
        Dictionary<string, Tensor> state;
        using (NewDisposeScope()) state = opt.state_dict();
        Assert.Equal(3, state["state.0.exp_avg"].numel());
        Assert.Equal(0.1f, state["state.0.exp_avg"].ToArray<float>()[0], 5);
    }

    [Fact]
    public void TheDefaultGeneratorGivesTheSameDrawsWhenThreadsShareIt()
    {
        manual_seed(5);
        var sequential = rand([200_000], ScalarType.Float64).ToArray<double>().Order().ToArray();
        manual_seed(5);
        var parts = new double[2][];
        Parallel.For(0, 2, i => parts[i] = rand([100_000], ScalarType.Float64).ToArray<double>());
        Assert.Equal(sequential, parts[0].Concat(parts[1]).Order().ToArray());
    }

    [Fact]
    public void AScopeCanHandATensorToItsOuterScope()
    {
        Tensor kept;
        using (var outer = NewDisposeScope())
        {
            using (var inner = NewDisposeScope()) kept = inner.MoveToOuter(ones(2) * 3);
            Assert.Equal(6f, kept.sum().item<float>());
        }
        Assert.Throws<ObjectDisposedException>(() => kept.sum());
    }
}
