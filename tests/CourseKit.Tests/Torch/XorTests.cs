using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Tests.Torch;

/// <summary>End to end: a small MLP trained with Adam learns XOR, which no linear model can.</summary>
[Collection(DefaultGeneratorCollection.Name)]
public class XorTests
{
    private static readonly Tensor X = tensor(new float[] { 0, 0, 0, 1, 1, 0, 1, 1 }, [4, 2]);
    private static readonly Tensor Y = tensor(new float[] { 0, 1, 1, 0 }, [4, 1]);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void MlpLearnsXorWithAdam(int seed)
    {
        manual_seed(seed);
        var net = Sequential(Linear(2, 8), Tanh(), Linear(8, 1));
        var opt = optim.Adam(net.parameters(), lr: 0.05);
        float first = 0, last = 0;
        for (int step = 0; step < 400; step++)
        {
            var loss = functional.binary_cross_entropy_with_logits(net.forward(X), Y);
            opt.zero_grad();
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Tensor p;
        using (no_grad()) p = net.forward(X).sigmoid();
        var probs = p.ToArray<float>();
        Assert.True(probs[0] < 0.1 && probs[1] > 0.9 && probs[2] > 0.9 && probs[3] < 0.1,
            $"seed {seed}: predictions [{string.Join(", ", probs)}], loss {first} -> {last}");
        Assert.True(last < 0.05, $"final loss {last}");
    }

    [Fact]
    public void ALinearModelCannotLearnXor()
    {
        // The control: the same training without a hidden layer stays near chance, so the test above measures something.
        manual_seed(0);
        var net = Sequential(Linear(2, 1));
        var opt = optim.Adam(net.parameters(), lr: 0.05);
        for (int step = 0; step < 400; step++)
        {
            var loss = functional.binary_cross_entropy_with_logits(net.forward(X), Y);
            opt.zero_grad(); loss.backward(); opt.step();
        }
        var final = functional.binary_cross_entropy_with_logits(net.forward(X), Y).item<float>();
        Assert.True(final > 0.6, $"a linear model reached loss {final} on XOR");
    }

    [Fact]
    public void MlpLearnsXorAsRegressionWithSgdMomentumAndMse()
    {
        manual_seed(4);
        var net = Sequential(Linear(2, 16), ReLU(), Linear(16, 1));
        var opt = optim.SGD(net.parameters(), learningRate: 0.05, momentum: 0.9);
        for (int step = 0; step < 600; step++)
        {
            var loss = functional.mse_loss(net.forward(X), Y);
            opt.zero_grad(); loss.backward(); opt.step();
        }
        Tensor pred;
        using (no_grad()) pred = net.forward(X);
        var v = pred.ToArray<float>();
        Assert.True(Math.Abs(v[0]) < 0.2 && Math.Abs(v[1] - 1) < 0.2 && Math.Abs(v[2] - 1) < 0.2 && Math.Abs(v[3]) < 0.2,
            $"predictions [{string.Join(", ", v)}]");
    }
}
