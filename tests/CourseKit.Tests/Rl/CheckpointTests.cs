using CourseKit.Buffers;
using CourseKit.Nets;
using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

[Collection(DefaultGeneratorCollection.Name)]   // save, train on, reload: the global generator's stream must be ours alone
public class CheckpointTests
{
    [Fact]
    public void CheckpointResumesTrainingExactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ck-{Guid.NewGuid():N}.safetensors");
        (torch.nn.Module q, torch.optim.Optimizer opt, ReplayBuffer buf) Build()
        {
            var q = Mlp.Build(3, 2, 1, 16, "relu");
            return (q, torch.optim.Adam(q.parameters(), lr: 1e-2), new ReplayBuffer(64, [3]));
        }
        void Train((torch.nn.Module q, torch.optim.Optimizer opt, ReplayBuffer buf) s, int from, int steps)
        {
            var net = (torch.nn.Module<torch.Tensor, torch.Tensor>)s.q;
            for (int t = from; t < from + steps; t++)
            {
                var o = new float[] { (float)Seed.Shared.NextDouble(), t % 7, 1 };
                int a = EpsilonGreedy.Act(net, o, 0.5);
                s.buf.Insert(o, a, Seed.Shared.NextDouble(), o, t % 9 == 0);
                if (s.buf.Count < 8) continue;
                var b = s.buf.Sample(8);
                var loss = torch.nn.functional.mse_loss(net.forward(b.Observations).gather(1, b.Actions.unsqueeze(-1)).squeeze(-1), b.Rewards);
                s.opt.zero_grad(); loss.backward(); s.opt.step();
            }
        }
        float[] Params(torch.nn.Module m) => m.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

        Seed.Everything(11);
        var a = Build();
        Train(a, 0, 40);
        Checkpoint.Save(path, 40, new Dictionary<string, torch.nn.Module> { ["q"] = a.q }, new Dictionary<string, torch.optim.Optimizer> { ["opt"] = a.opt }, a.buf);
        Train(a, 40, 40);

        Seed.Everything(999);   // a different state that the checkpoint must overwrite
        var b = Build();
        long step = Checkpoint.Load(path, new Dictionary<string, torch.nn.Module> { ["q"] = b.q }, new Dictionary<string, torch.optim.Optimizer> { ["opt"] = b.opt }, b.buf);
        Assert.Equal(40, step);
        Train(b, 40, 40);
        Assert.Equal(Params(a.q), Params(b.q));
        Assert.False(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*").Any());
        Assert.Contains("not a CourseKit checkpoint", Assert.Throws<InvalidDataException>(() =>
        {
            var plain = Path.ChangeExtension(path, ".plain.safetensors");
            SafeTensors.Save(plain, a.q.state_dict());
            Checkpoint.Load(plain, new Dictionary<string, torch.nn.Module> { ["q"] = b.q });
        }).Message);
        File.Delete(path);
    }

    [Fact]
    public void ACheckpointFromTheOtherBackendLoadsItsNetworksAndRefusesItsOptimizerStateByName()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ck-{Guid.NewGuid():N}.safetensors");
        Seed.Everything(3);
        var q = Mlp.Build(3, 2, 1, 8);
        var opt = torch.optim.Adam(q.parameters(), lr: 1e-2);
        Checkpoint.Save(path, 7, new Dictionary<string, torch.nn.Module> { ["q"] = q }, new Dictionary<string, torch.optim.Optimizer> { ["opt"] = opt });
        // The same file as the other backend would have written it: only the backend marker differs here.
        var tensors = SafeTensors.Load(path, out var meta);
        meta["backend"] = meta["backend"] == "CourseKit" ? "TorchSharp" : "CourseKit";
        SafeTensors.Save(path, tensors, meta);

        var fresh = Mlp.Build(3, 2, 1, 8);
        var freshOpt = torch.optim.Adam(fresh.parameters(), lr: 1e-2);
        var e = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(path, new Dictionary<string, torch.nn.Module> { ["q"] = fresh },
            new Dictionary<string, torch.optim.Optimizer> { ["opt"] = freshOpt }));
        Assert.Contains("optimizer state does not carry across backends", e.Message);
        Assert.Contains("optimizers: null", e.Message);

        Assert.Equal(7, Checkpoint.Load(path, new Dictionary<string, torch.nn.Module> { ["q"] = fresh }));
        var x = torch.tensor(new float[] { 0.2f, -0.1f, 0.4f }, [1, 3]);
        Assert.Equal(q.forward(x).data<float>().ToArray(), fresh.forward(x).data<float>().ToArray());
        File.Delete(path);
    }
}
