using TorchSharp;
using static TorchSharp.torch;

namespace CourseKit.Tests.TorchSharpBackend;

/// <summary>LibTorch loads from the build output (patched where needed) and does real work.</summary>
public class LibTorchLoadTests
{
    [Fact]
    public void ATensorIsCreatedAndABackwardPassComputesItsGradient()
    {
        var x = torch.tensor(new float[] { 1, -2, 3 }, requires_grad: true);
        var loss = (x * x).sum();
        loss.backward();
        Assert.Equal(new float[] { 2, -4, 6 }, x.grad!.data<float>().ToArray());
    }

    [Fact]
    public void AnAdamStepOnAConvolutionLowersTheLoss()
    {
        torch.manual_seed(0);
        var conv = nn.Conv2d(1, 2, 3);
        var opt = optim.Adam(conv.parameters(), lr: 0.05);
        var input = torch.randn(4, 1, 6, 6);
        var target = torch.zeros(4, 2, 4, 4);
        float first = 0, last = 0;
        for (int step = 0; step < 20; step++)
        {
            opt.zero_grad();
            var loss = nn.functional.mse_loss(conv.forward(input), target);
            loss.backward();
            opt.step();
            if (step == 0) first = loss.item<float>();
            last = loss.item<float>();
        }
        Assert.True(last < first * 0.5f, $"loss went from {first} to {last}");
    }
}
