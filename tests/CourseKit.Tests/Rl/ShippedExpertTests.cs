using System.Text.Json.Nodes;
using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

/// <summary>
/// The ArmPush-v0 expert in data/ (made by tools/CourseKit.Experts, not retrained here): it loads, it is the
/// stochastic policy its sidecar describes, and it scores what the sidecar recorded.
/// </summary>
[Collection(DefaultGeneratorCollection.Name)]   // reseeds the default generator to replay the recorded sampling
public class ShippedExpertTests
{
    const string Expert = "arm_push_expert.json";

    static Env<float[], float[]> Push() => Gym.Make<float[], float[]>("ArmPush-v0");

    [Fact]
    public void ExpertReproducesItsRecordedScore()
    {
        var expert = LoadedGaussianPolicy.Load(DataFiles.Path(Expert), Push());
        var record = expert.Evaluation ?? throw new Xunit.Sdk.XunitException("the sidecar records no evaluation");
        Assert.Equal(record.Episodes, record.Returns.Length);

        // Acting with the mean action is deterministic: only float rounding may differ between machines and backends.
        var meanAction = Evaluation.Evaluate(expert.GetAction, Push(), record.Episodes, record.EnvSeed);
        Assert.InRange(meanAction.Mean, record.MeanActionReturn - 0.05, record.MeanActionReturn + 0.05);

        // Acting by sampling replays the recorded draws on the same engine; another backend's generator draws other
        // noise, so the tolerance is three standard errors of the recorded mean.
        Seed.Everything(record.TorchSeed);
        var sampled = Evaluation.Evaluate(expert.SampleAction, Push(), record.Episodes, record.EnvSeed);
        double tolerance = 3 * record.StdReturn / Math.Sqrt(record.Episodes);
        Assert.InRange(sampled.Mean, record.MeanReturn - tolerance, record.MeanReturn + tolerance);

        // The scale's 0 %: uniform random torques from the recorded generator seed.
        var rng = new Random(1);
        var random = Evaluation.Evaluate(_ => [(float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1), (float)(rng.NextDouble() * 2 - 1)], Push(), record.Episodes, record.EnvSeed);
        Assert.Equal(record.RandomReturn!.Value, random.Mean, 6);
        // An expert worth imitating: far better than random on every recorded episode's average.
        Assert.True(sampled.Mean > random.Mean + 30, $"expert {sampled.Mean:F1} vs random {random.Mean:F1}");
    }

    [Fact]
    public void ExpertIsAStochasticGaussianWithThreeActionDimensions()
    {
        var expert = LoadedGaussianPolicy.Load(DataFiles.Path("arm_push_expert.safetensors"));
        Assert.Equal(("ArmPush-v0", 17, 3), (expert.Spec.Env, expert.Spec.ObsDim, expert.Spec.ActDim));
        // Distilled from a teacher with N(0, 0.3²) noise on each torque: the learned spread is that noise (plus fitting error), not ~0.
        Assert.All(expert.ActionStd(), s => Assert.InRange(s, 0.25f, 0.8f));
        Assert.NotNull(expert.ProducedBy);
        Assert.Contains("tools/CourseKit.Experts", expert.ProducedBy!.Program);
        // GaussianPolicy.Load reads the same files (the extra sidecar entries are ignored there).
        var plain = GaussianPolicy.Load(DataFiles.Path(Expert));
        var obs = Push().Reset(3).obs;
        Assert.Equal(expert.GetAction(obs), plain.GetAction(obs));
    }

    [Fact]
    public void MissingFilesAreNamed()
    {
        var dir = Directory.CreateTempSubdirectory("coursekit-data-");
        var e = Assert.Throws<FileNotFoundException>(() => LoadedGaussianPolicy.Load(Path.Combine(dir.FullName, "nobody.json")));
        Assert.Contains(Path.Combine(dir.FullName, "nobody.json"), e.Message);
        File.Copy(DataFiles.Path(Expert), Path.Combine(dir.FullName, Expert));   // a sidecar without its weights
        var w = Assert.Throws<FileNotFoundException>(() => LoadedGaussianPolicy.Load(Path.Combine(dir.FullName, Expert)));
        Assert.Contains("arm_push_expert.safetensors", w.Message);
        dir.Delete(true);
    }

    [Fact]
    public void AnExpertForAnotherEnvIsRefused()
    {
        var e = Assert.Throws<InvalidDataException>(() => LoadedGaussianPolicy.Load(DataFiles.Path(Expert), Gym.Make<float[], float[]>("ArmReach-v0")));
        Assert.Contains("'ArmPush-v0', not for 'ArmReach-v0'", e.Message);
        Assert.Contains(Expert, e.Message);
    }

    [Fact]
    public void WeightsThatDoNotFitTheSidecarAreRefusedWithTheirShapes()
    {
        var dir = DataFiles.CopyToTemp(Expert, "arm_push_expert.safetensors");
        var sidecar = Path.Combine(dir.FullName, Expert);
        var json = JsonNode.Parse(File.ReadAllText(sidecar))!;
        json["size"] = 64;   // the weights hold 128 units per layer
        File.WriteAllText(sidecar, json.ToJsonString());
        var e = Assert.Throws<InvalidDataException>(() => LoadedGaussianPolicy.Load(sidecar));
        Assert.Contains("arm_push_expert.safetensors", e.Message);
        Assert.Contains("'mean_net.0.weight' has shape [128, 17], expected [64, 17]", e.Message);

        json["size"] = 128;
        json["obs_dim"] = 0;
        File.WriteAllText(sidecar, json.ToJsonString());
        Assert.Contains("obs_dim and act_dim must be positive", Assert.Throws<InvalidDataException>(() => LoadedGaussianPolicy.Load(sidecar)).Message);

        File.WriteAllText(sidecar, "{ \"format\": ");
        var broken = Assert.Throws<InvalidDataException>(() => LoadedGaussianPolicy.Load(sidecar));
        Assert.Contains(sidecar, broken.Message);
        dir.Delete(true);
    }

    [Fact]
    public void SaveThenLoadKeepsTheRecordAndWritesNoTemporaryFiles()
    {
        torch.manual_seed(2);
        var dir = Directory.CreateTempSubdirectory("coursekit-data-");
        var policy = new GaussianPolicy(new GaussianPolicySpec { Env = "ArmPush-v0", ObsDim = 17, ActDim = 3, Size = 8 });
        var record = new ExpertEvaluation { Episodes = 2, EnvSeed = 5, MeanReturn = -40, StdReturn = 1, Returns = [-41, -39], MeanActionReturn = -38, RandomReturn = -70 };
        var path = Path.Combine(dir.FullName, "e.safetensors");
        LoadedGaussianPolicy.Save(policy, path, record, new ExpertProvenance { Program = "p", Command = "c", Method = "m", Seconds = 1 });
        var back = LoadedGaussianPolicy.Load(path, Push());
        Assert.Equal(record.Returns, back.Evaluation!.Returns);
        Assert.Equal(-38, back.Evaluation.MeanActionReturn);
        Assert.Equal(-40, back.Spec.ExpertReturn);
        Assert.Equal("c", back.ProducedBy!.Command);
        var obs = Push().Reset(0).obs;
        Assert.Equal(policy.GetAction(obs), back.GetAction(obs));
        Assert.Equal(new[] { "e.json", "e.safetensors" }, dir.GetFiles().Select(f => f.Name).Order());
        Assert.Throws<ArgumentException>(() => back.GetAction(new float[3]));
        dir.Delete(true);
    }
}
