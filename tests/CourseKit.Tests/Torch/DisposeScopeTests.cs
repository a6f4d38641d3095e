using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Tests.Torch;

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
}
