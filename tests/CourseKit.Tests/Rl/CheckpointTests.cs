using CourseKit.Buffers;
using CourseKit.Nets;
using CourseKit.Rl;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Rl;

public class CheckpointTests
{
    [Fact]
    public void CheckpointResumesTrainingExactly()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ck-{Guid.NewGuid():N}.safetensors");
        (nn.Module q, optim.Optimizer opt, ReplayBuffer buf) Build()
        {
            var q = Mlp.Build(3, 2, 1, 16, "relu");
            return (q, torch.optim.Adam(q.parameters(), lr: 1e-2), new ReplayBuffer(64, [3]));
        }
        void Train((nn.Module q, optim.Optimizer opt, ReplayBuffer buf) s, int from, int steps)
        {
            var net = (nn.Module<Tensor, Tensor>)s.q;
            for (int t = from; t < from + steps; t++)
            {
                var o = new float[] { (float)Seed.Shared.NextDouble(), t % 7, 1 };
                int a = EpsilonGreedy.Act(net, o, 0.5);
                s.buf.Insert(o, a, Seed.Shared.NextDouble(), o, t % 9 == 0);
                if (s.buf.Count < 8) continue;
                var b = s.buf.Sample(8);
                var loss = nn.functional.mse_loss(net.forward(b.Observations).gather(1, b.Actions.unsqueeze(-1)).squeeze(-1), b.Rewards);
                s.opt.zero_grad(); loss.backward(); s.opt.step();
            }
        }
        float[] Params(nn.Module m) => m.parameters().SelectMany(p => p.data<float>().ToArray()).ToArray();

        Seed.Everything(11);
        var a = Build();
        Train(a, 0, 40);
        Checkpoint.Save(path, 40, new Dictionary<string, nn.Module> { ["q"] = a.q }, new Dictionary<string, optim.Optimizer> { ["opt"] = a.opt }, a.buf);
        Train(a, 40, 40);

        Seed.Everything(999);   // a different state that the checkpoint must overwrite
        var b = Build();
        long step = Checkpoint.Load(path, new Dictionary<string, nn.Module> { ["q"] = b.q }, new Dictionary<string, optim.Optimizer> { ["opt"] = b.opt }, b.buf);
        Assert.Equal(40, step);
        Train(b, 40, 40);
        Assert.Equal(Params(a.q), Params(b.q));
        Assert.False(Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(path) + ".tmp-*").Any());
        Assert.Contains("not a CourseKit checkpoint", Assert.Throws<InvalidDataException>(() =>
        {
            var plain = Path.ChangeExtension(path, ".plain.safetensors");
            a.q.save(plain);
            Checkpoint.Load(plain, new Dictionary<string, nn.Module> { ["q"] = b.q });
        }).Message);
        File.Delete(path);
    }
}
