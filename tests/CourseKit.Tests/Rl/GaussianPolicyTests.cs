using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

public class GaussianPolicyTests
{
    [Fact]
    public void GaussianPolicyRoundTripsThroughDataFilesAndActsDeterministically()
    {
        torch.manual_seed(4);
        var dir = Directory.CreateTempSubdirectory();
        var spec = new GaussianPolicySpec { Env = "Pendulum-v1", ObsDim = 3, ActDim = 1, NLayers = 2, Size = 16, ObsMean = [0.1f, 0.2f, 0.3f], ObsStd = [1f, 2f, 4f] };
        var p = new GaussianPolicy(spec);
        var obs = new float[] { 0.5f, -0.5f, 1.0f };
        var expected = p.GetAction(obs);
        var path = Path.Combine(dir.FullName, "expert.safetensors");
        p.Save(path, measuredReturn: -150);
        var q = GaussianPolicy.Load(path);
        Assert.Equal(expected, q.GetAction(obs));
        Assert.Equal(-150, q.Spec.ExpertReturn);
        Assert.Equal(new long[] { 5, 1 }, q.forward(torch.zeros(5, 3)).shape);
        // The normalisation is applied: the mean action equals the MLP on (obs - mean) / std.
        var net = CourseKit.Nets.Mlp.Build(3, 1, 2, 16);
        net.load_state_dict(q.state_dict().Where(kv => kv.Key.StartsWith("mean_net.")).ToDictionary(kv => kv.Key["mean_net.".Length..], kv => kv.Value));
        var manual = net.forward(torch.tensor(new float[] { 0.4f, -0.35f, 0.175f }, [1, 3])).item<float>();
        Assert.Equal(manual, expected[0], 5);
        Assert.Throws<FileNotFoundException>(() => GaussianPolicy.Load(Path.Combine(dir.FullName, "missing.json")));
        dir.Delete(true);
    }
}
