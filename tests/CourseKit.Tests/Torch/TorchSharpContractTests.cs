using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Tests.Torch;

/// <summary>The TorchSharp-shaped code the course relies on compiles and behaves as in TorchSharp.</summary>
public class TorchSharpContractTests
{
    [Fact]
    public void ATorchSharpStyleDqnUpdateRunsLowersTheLossAndNamesItsParameters()
    {
        torch.manual_seed(0);
        var rng = new Random(1);
        float[] obsData = Enumerable.Range(0, 32 * 4).Select(_ => (float)rng.NextDouble()).ToArray();
        long[] actionData = Enumerable.Range(0, 32).Select(_ => (long)rng.Next(2)).ToArray();
        var nextObs = torch.tensor(Enumerable.Range(0, 32 * 4).Select(_ => (float)rng.NextDouble()).ToArray(), new long[] { 32, 4 });
        var rewards = torch.tensor(Enumerable.Range(0, 32).Select(_ => 1f).ToArray(), new long[] { 32 });
        var terminated = torch.tensor(Enumerable.Range(0, 32).Select(i => i % 7 == 0 ? 1f : 0f).ToArray(), new long[] { 32 });

        var q = Sequential(Linear(4, 128), ReLU(), Linear(128, 128), ReLU(), Linear(128, 2));
        var qTarget = Sequential(Linear(4, 128), ReLU(), Linear(128, 128), ReLU(), Linear(128, 2));
        qTarget.load_state_dict(q.state_dict());
        var obs = torch.tensor(obsData, new long[] { 32, 4 });
        var actions = torch.tensor(actionData, new long[] { 32 });
        Assert.Equal(ScalarType.Int64, actions.dtype);

        var opt = torch.optim.Adam(q.parameters(), lr: 1e-3);
        float first = 0, last = 0;
        for (int it = 0; it < 50; it++)
        {
            var qa = q.forward(obs).gather(1, actions.unsqueeze(-1)).squeeze(-1);
            Tensor nextMax;
            using (torch.no_grad()) { nextMax = qTarget.forward(nextObs).max(1).values; }
            Assert.False(nextMax.requires_grad);
            var target = rewards + 0.99f * (1 - terminated) * nextMax;
            var loss = functional.smooth_l1_loss(qa, target);
            opt.zero_grad(); loss.backward(); opt.step();
            float l = loss.item<float>();
            if (it == 0) first = l;
            last = l;
        }
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");

        var names = q.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" }, names);
        foreach (var (name, p) in q.named_parameters())
        {
            float[] g = p.grad!.data<float>().ToArray();
            Assert.Equal(p.numel(), g.Length);
        }
    }

    [Fact]
    public void AGaussianNllReachesTheLogStdAndACnnGivesOneOutputPerAction()
    {
        torch.manual_seed(3);
        var mean = torch.randn(new long[] { 5, 2 }, requires_grad: true);
        var a = torch.randn(new long[] { 5, 2 });
        var logstd = torch.tensor(new float[] { 0f, 0f }, new long[] { 2 }, requires_grad: true);
        var nll = -torch.distributions.Normal(mean, torch.exp(logstd)).log_prob(a).sum(-1).mean();
        nll.backward();
        Assert.NotNull(logstd.grad);
        Assert.NotNull(mean.grad);
        Assert.Equal(new long[] { 2 }, logstd.grad!.shape);

        var cnn = Sequential(Conv2d(4, 8, 5, stride: 2), ReLU(), Conv2d(8, 16, 3, stride: 1, padding: 1), ReLU(), Flatten(), Linear(576, 6));
        var x = torch.rand(new long[] { 3, 4, 16, 16 });
        var y = cnn.forward(x);
        Assert.Equal(new long[] { 3, 6 }, y.shape);
    }

    [Fact]
    public void CudaIsUnavailableAndAskingForItNamesTheWayOut()
    {
        Assert.False(torch.cuda.is_available());
        var ex = Assert.Throws<NotSupportedException>(() => torch.zeros(3).to(torch.CUDA));
        Assert.Contains("TorchSharp", ex.Message);
        Assert.Contains("cuda", ex.Message);
    }
}
