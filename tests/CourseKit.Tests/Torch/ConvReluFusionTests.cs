using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Sequential runs a Conv2d followed by ReLU as one fused op; its output and every parameter gradient must
/// equal the two ops run one after the other (the reference: the same layers called one by one).
/// </summary>
[Collection(DefaultGeneratorCollection.Name)]   // it seeds and draws from torch's default generator
public class ConvReluFusionTests
{
    [Theory]
    [InlineData(1)]    // acting
    [InlineData(32)]   // learning
    public void ThePixelNotebooksNetworkMatchesItsLayersRunOneByOne(int batch)
    {
        torch.manual_seed(3);
        var net = nn.Sequential(
            nn.Conv2d(4, 16, 4, stride: 2), nn.ReLU(),
            nn.Conv2d(16, 32, 3, stride: 1), nn.ReLU(),
            nn.Flatten(), nn.Linear(32 * 7 * 7, 128), nn.ReLU(), nn.Linear(128, 3));
        var x = torch.rand([batch, 4, 20, 20]);

        var fused = net.forward(x);
        fused.pow(2).sum().backward();
        var fusedGrads = net.parameters().Select(p => p.grad!.ToArray<float>()).ToArray();
        foreach (var p in net.parameters()) p.grad = null;

        var y = x;
        for (int i = 0; i < net.Count; i++) y = net[i].forward(y);   // unfused: each module on its own
        y.pow(2).sum().backward();
        var plainGrads = net.parameters().Select(p => p.grad!.ToArray<float>()).ToArray();

        var a = fused.ToArray<float>();
        var b = y.ToArray<float>();
        Assert.Equal(b.Length, a.Length);
        for (int i = 0; i < a.Length; i++) Assert.Equal(b[i], a[i]);   // same kernels, same order: bit for bit
        for (int k = 0; k < fusedGrads.Length; k++)
            for (int i = 0; i < fusedGrads[k].Length; i++)
                Assert.Equal(plainGrads[k][i], fusedGrads[k][i]);
    }

    [Fact]
    public void ALeakyReluIsNotFused()
    {
        torch.manual_seed(4);
        var net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.LeakyReLU(0.5));
        var x = torch.rand([1, 1, 5, 5]) - 0.5f;
        var y = net.forward(x).ToArray<float>();
        var reference = nn.functional.leaky_relu(net[0].forward(x), 0.5).ToArray<float>();
        Assert.Equal(reference, y);
        Assert.Contains(y, v => v < 0);   // the negative side survived: no relu was applied
    }
}
