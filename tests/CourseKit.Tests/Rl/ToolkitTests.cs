using CourseKit.Buffers;
using CourseKit.Nets;
using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

public class ToolkitTests
{
    [Fact]
    public void MlpBuildMatchesCs285Layout()
    {
        var net = Mlp.Build(4, 2, nLayers: 2, size: 64, activation: "relu");
        Assert.Equal(new[] { "0.weight", "0.bias", "2.weight", "2.bias", "4.weight", "4.bias" }, net.named_parameters().Select(p => p.name));
        Assert.Equal(new long[] { 64, 4 }, net.state_dict()["0.weight"].shape);
        Assert.Equal(new long[] { 5, 2 }, net.forward(torch.zeros(5, 4)).shape);
        var tanhOut = Mlp.Build(3, 1, 0, 0, outputActivation: "tanh");
        Assert.InRange(tanhOut.forward(torch.full([2, 3], 100.0)).abs().max().item<float>(), 0, 1);
        Assert.Contains("relu, tanh", Assert.Throws<ArgumentException>(() => Mlp.Build(1, 1, 1, 4, "gelu")).Message);
    }

    [Fact]
    public void NatureCnnComputesItsFlattenedSize()
    {
        var net = new NatureCnn([4, 84, 84], 6);
        Assert.Equal(3136, net.ConvOutputSize);
        Assert.Equal(new long[] { 2, 6 }, net.forward(torch.rand([2, 4, 84, 84])).shape);
        Assert.Equal(32 * 4 * 8 * 8 + 32, net.state_dict()["convs.0.weight"].numel() + net.state_dict()["convs.0.bias"].numel());
        var small = new SmallCnn([4, 10, 10], 3);
        Assert.Equal(16 * 8 * 8, small.ConvOutputSize);
        Assert.Equal(new long[] { 1, 3 }, small.forward(torch.rand([1, 4, 10, 10])).shape);
        Assert.Equal(3136, ConvSize.Flattened(64, 84, 84, torch.nn.Conv2d(4, 32, 8, stride: 4), torch.nn.Conv2d(32, 64, 4, stride: 2), torch.nn.Conv2d(64, 64, 3)));
    }

    [Fact]
    public void SchedulesInterpolateAndClamp()
    {
        var lin = new LinearSchedule(100, 0.1);
        Assert.Equal(1.0, lin.Value(0));
        Assert.Equal(0.55, lin.Value(50), 12);
        Assert.Equal(0.1, lin.Value(1000), 12);
        var pw = new PiecewiseSchedule([(0, 1.0), (10, 0.5), (20, 0.0)], outsideValue: 0.0);
        Assert.Equal(0.75, pw.Value(5), 12);
        Assert.Equal(0.25, pw.Value(15), 12);
        Assert.Equal(0.0, pw.Value(25));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PiecewiseSchedule([(0, 1.0), (10, 0.5)]).Value(11));
        Assert.Throws<ArgumentException>(() => new PiecewiseSchedule([(10, 1.0), (0, 0.5)]));
    }

    [Fact]
    public void EpsilonGreedyIsGreedyAtZeroAndUniformAtOne()
    {
        float[] q = [0.1f, 0.9f, 0.9f, -1f];
        Assert.Equal(1, EpsilonGreedy.Select(q, 0.0, new SeededRandom(1)));
        var rng = new SeededRandom(4);
        var counts = new int[4];
        for (int i = 0; i < 8000; i++) counts[EpsilonGreedy.Select(q, 1.0, rng)]++;
        Assert.All(counts, c => Assert.InRange(c, 1800, 2200));
        Assert.Throws<ArgumentOutOfRangeException>(() => EpsilonGreedy.Select(q, 1.5));
        torch.manual_seed(0);
        var net = Mlp.Build(2, 3, 1, 8);
        var obs = new float[] { 0.3f, -0.2f };
        int greedy;
        using (torch.no_grad()) greedy = (int)net.forward(torch.tensor(obs, [1, 2])).argmax(1).item<long>();
        Assert.Equal(greedy, EpsilonGreedy.Act(net, obs, 0.0));
    }

    [Fact]
    public void ExperimentLogRoundTripsCsvAndJsonLines()
    {
        var dir = Directory.CreateTempSubdirectory();
        foreach (var name in new[] { "log.csv", "log.jsonl" })
        {
            var path = Path.Combine(dir.FullName, name);
            var log = new ExperimentLog(path);
            log.Log(0, ("return", 10.5), ("loss", 0.25));
            log.Log(100, "return", 20);
            var back = ExperimentLog.Read(path);
            Assert.Equal(new long[] { 0, 100 }, back.Series("return").steps);
            Assert.Equal(new[] { 10.5, 20 }, back.Series("return").values);
            Assert.Equal(new[] { 0.25 }, back.Series("loss").values);
            Assert.Contains("return", Assert.Throws<KeyNotFoundException>(() => back.Series("eps")).Message);
        }
        File.WriteAllText(Path.Combine(dir.FullName, "bad.csv"), "step,name,value\n1,x\n");
        Assert.Contains("line 2", Assert.Throws<InvalidDataException>(() => ExperimentLog.Read(Path.Combine(dir.FullName, "bad.csv"))).Message);
        dir.Delete(true);
    }
}
