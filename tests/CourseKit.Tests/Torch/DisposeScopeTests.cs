using CourseKit.Rl;
using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Tests.Torch;

[Collection(DefaultGeneratorCollection.Name)]   // two trainings from manual_seed(7) must see the same stream
public class DisposeScopeTests
{
    [Fact]
    public void TensorsCreatedInAScopeAreDisposedWithItAndUsingThemThrowsAnActionableError()
    {
        Tensor inside;
        using (torch.NewDisposeScope())
        {
            inside = torch.ones(3) * 2;
            Assert.Equal(6f, inside.sum().item<float>());
        }
        var ex = Assert.Throws<ObjectDisposedException>(() => inside.sum());
        Assert.Contains("MoveToOuterDisposeScope", ex.Message);
    }

    [Fact]
    public void MovedAndDetachedTensorsSurviveTheScope()
    {
        Tensor moved, detached;
        using (torch.NewDisposeScope())
        {
            using (torch.NewDisposeScope())
            {
                moved = (torch.ones(4) * 3).MoveToOuterDisposeScope();
                detached = (torch.ones(4) * 5).DetachFromDisposeScope();
            }
            Assert.Equal(12f, moved.sum().item<float>());
        }
        Assert.Throws<ObjectDisposedException>(() => moved.sum());
        Assert.Equal(20f, detached.sum().item<float>());
    }

    [Fact]
    public void AViewKeepsItsStorageAliveWhenItsBaseIsDisposed()
    {
        Tensor view;
        using (torch.NewDisposeScope())
        {
            var t = torch.arange(0.0, 6.0).reshape(2, 3);
            view = t.reshape(6).DetachFromDisposeScope();
        }
        // Allocate again in a new scope: the view's storage must not have been recycled.
        using (torch.NewDisposeScope())
            for (int i = 0; i < 10; i++) _ = torch.full([6], 99.0);
        Assert.Equal(new float[] { 0, 1, 2, 3, 4, 5 }, view.data<float>().ToArray());
    }

    [Fact]
    public void TrainingStepsInsideScopesKeepParametersGradientsAndOptimizerStateAndMatchStepsWithout()
    {
        float[] Train(bool scoped)
        {
            torch.manual_seed(7);
            var net = Sequential(Linear(3, 16), Tanh(), Linear(16, 1));
            var opt = torch.optim.Adam(net.parameters(), lr: 1e-2);
            var x = torch.randn(new long[] { 8, 3 });
            var y = torch.randn(new long[] { 8, 1 });
            float last = 0;
            for (int i = 0; i < 20; i++)
            {
                using var scope = scoped ? torch.NewDisposeScope() : null;
                var loss = functional.mse_loss(net.forward(x), y);
                opt.zero_grad(); loss.backward(); opt.step();
                last = loss.item<float>();
            }
            return net.parameters().SelectMany(p => p.data<float>().ToArray()).Append(last).ToArray();
        }
        Assert.Equal(Train(scoped: false), Train(scoped: true));
    }

    [Fact]
    public void ScopedStepsRecycleMemory()
    {
        var net = Sequential(Linear(4, 32), ReLU(), Linear(32, 2));
        var x = torch.rand(new long[] { 16, 4 });
        void Step()
        {
            using var _ = torch.NewDisposeScope();
            net.forward(x).sum().backward();
        }
        for (int i = 0; i < 5; i++) Step();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 50; i++) Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / 50;
        // Unscoped, the [16, 32] activations and their gradients alone are > 8 KB per step.
        Assert.True(perStep < 8_000, $"a scoped step allocated {perStep} bytes");
    }

    [Fact]
    public void AScopedDqnUpdateOfTheCourseMlpAllocatesLessThan4KBAfterWarmUp()
    {
        // The update the engine benchmark measures (alloc_bytes_per_mlp_update), as the notebooks write it.
        torch.manual_seed(0);
        var q = Sequential(Linear(4, 128), ReLU(), Linear(128, 128), ReLU(), Linear(128, 2));
        var target = Sequential(Linear(4, 128), ReLU(), Linear(128, 128), ReLU(), Linear(128, 2));
        target.load_state_dict(q.state_dict());
        var opt = torch.optim.Adam(q.parameters(), lr: 1e-4);
        var obs = torch.rand(32, 4); var nextObs = torch.rand(32, 4);
        var actions = torch.randint(2, [32]); var rewards = torch.ones(32); var terminated = torch.zeros(32);
        void Step()
        {
            using var scope = torch.NewDisposeScope();
            var qa = q.forward(obs).gather(1, actions.unsqueeze(-1)).squeeze(-1);
            Tensor nextMax;
            using (torch.no_grad()) nextMax = target.forward(nextObs).max(1).values;
            var y = rewards + 0.99f * (1 - terminated) * nextMax;
            var loss = functional.smooth_l1_loss(qa, y);
            opt.zero_grad();
            loss.backward();
            opt.step();
        }
        for (int i = 0; i < 300; i++) Step();
        const int n = 200;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < n; i++) Step();
        long perStep = (GC.GetAllocatedBytesForCurrentThread() - before) / n;
        Assert.True(perStep < 4096, $"a scoped DQN update allocated {perStep} bytes (target < 4096)");
    }

    [Fact]
    public void BackwardPassesThatRecycleTheirScratchTensorsLeaveEveryVisibleTensorIntact()
    {
        // Several graphs alive in one scope, each differentiated in turn: the backward passes reuse their
        // own gradient tensors, which must never be a tensor the caller holds or a parameter's .grad.
        torch.manual_seed(3);
        var net = Sequential(Linear(3, 8), Tanh(), Linear(8, 1));
        var x1 = torch.rand(5, 3); var x2 = torch.rand(7, 3);
        float[] GradOf(Tensor x)
        {
            net.zero_grad();
            net.forward(x).pow(2).mean().backward();
            return net.parameters().SelectMany(p => p.grad!.data<float>().ToArray()).ToArray();
        }
        var g1 = GradOf(x1); var g2 = GradOf(x2);
        net.zero_grad();
        using (torch.NewDisposeScope())
        {
            var h1 = net.forward(x1); var loss1 = h1.pow(2).mean();
            var h2 = net.forward(x2); var loss2 = h2.pow(2).mean();
            var h1Before = h1.data<float>().ToArray(); var loss2Before = loss2.item<float>();
            loss1.backward();
            var gradObjects = net.parameters().Select(p => p.grad!).ToArray();
            var afterFirst = gradObjects.SelectMany(g => g.data<float>().ToArray()).ToArray();
            loss2.backward();
            Assert.Equal(h1Before, h1.data<float>().ToArray());
            Assert.Equal(loss2Before, loss2.item<float>());
            Assert.Equal(g1, afterFirst);
            // The same .grad tensors, now holding both contributions.
            var both = net.parameters().Select(p => p.grad!).ToArray();
            for (int i = 0; i < both.Length; i++) Assert.Same(gradObjects[i], both[i]);
            var sum = both.SelectMany(g => g.data<float>().ToArray()).ToArray();
            for (int i = 0; i < sum.Length; i++) Assert.Equal(g1[i] + g2[i], sum[i], 1e-6f);
        }
        // Gradients outlive the scope.
        Assert.All(net.parameters(), p => Assert.False(p.grad!.IsDisposed));
    }

    [Fact]
    public void BackwardOnALeafAddsACopyOfTheGivenGradient()
    {
        var x = torch.ones(3, requires_grad: true);
        var given = torch.tensor(new float[] { 1, 2, 3 });
        x.backward([given]);
        using (torch.no_grad()) given.mul_(10);
        Assert.Equal(new float[] { 1, 2, 3 }, x.grad!.data<float>().ToArray());
        x.backward([torch.ones(3)]);
        Assert.Equal(new float[] { 2, 3, 4 }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void ShapeArraysGivenToTheEngineAreCopiedSoChangingThemLaterChangesNoTensor()
    {
        long[] shape = [2, 3];
        var z = torch.zeros(shape);
        var r = torch.arange(0.0, 6.0).reshape(shape);
        var s = z.shape;
        shape[0] = 6; shape[1] = 1;
        s[0] = 99;
        Assert.Equal(new long[] { 2, 3 }, z.shape);
        Assert.Equal(new long[] { 2, 3 }, r.shape);
        Assert.Equal(new long[] { 2, 3 }, torch.zeros(2, 3).shape);
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
