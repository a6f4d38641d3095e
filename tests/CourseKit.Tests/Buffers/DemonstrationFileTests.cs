using CourseKit.Nets;
using System.Text.Json.Nodes;
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Tests.Buffers;

/// <summary>The demonstration format (safetensors + JSON sidecar) and the ArmPush-v0 demonstrations shipped in data/.</summary>
public class DemonstrationFileTests
{
    const string Shipped = "arm_push_demos.safetensors";

    [Fact]
    public void ShippedDemonstrationsHaveConsistentShapesAndEpisodeBoundaries()
    {
        var d = DemonstrationFile.Read(DataFiles.Path(Shipped), "ArmPush-v0");
        Assert.Equal((17, 3), (d.ObsDim, d.ActDim));
        Assert.Equal(d.Info.Episodes, d.Info.EpisodeSeeds.Length);
        Assert.Equal(d.Steps, d.Info.Steps);
        Assert.Equal(d.Steps * 17, d.Observations.Length);
        Assert.Equal(d.Steps * 3, d.Actions.Length);
        Assert.DoesNotContain(true, d.Terminals);   // ArmPush never terminates: every episode ends at the 100-step limit
        var episodes = d.Episodes();
        Assert.All(episodes, e => Assert.Equal(100, e.Length));
        Assert.Equal(Enumerable.Range(0, d.Steps).Where(t => t % 100 == 0), Enumerable.Range(0, d.Steps).Where(t => d.EpisodeStarts[t]));

        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        for (int i = 0; i < episodes.Count; i++)
        {
            var e = episodes[i];
            // Each episode starts where its recorded seed puts the env, and its steps chain: the next observation is the following step's.
            Assert.Equal(env.Reset(d.Info.EpisodeSeeds[i]).obs, e.Observations[0]);
            for (int t = 0; t + 1 < e.Length; t++) Assert.Equal(e.NextObservations[t], e.Observations[t + 1]);
        }
        var returns = episodes.Select(e => e.Return).ToArray();
        Assert.Equal(d.Info.MeanReturn, returns.Average(), 3);   // rewards are stored as float32
        Assert.Equal(d.Info.MinReturn, returns.Min(), 3);
    }

    [Fact]
    public void ShippedDemonstrationsAreSamplesOfTheShippedExpert()
    {
        var d = DemonstrationFile.Read(DataFiles.Path("arm_push_demos.json"));
        var expert = LoadedGaussianPolicy.Load(Path.Combine(Path.GetDirectoryName(DataFiles.Path(Shipped))!, d.Info.Expert));
        // (action − expert mean) / expert std should be standard normal in every dimension if the actions were sampled from this expert.
        var std = expert.ActionStd();
        for (int j = 0; j < 3; j++)
        {
            var z = Enumerable.Range(0, d.Steps).Select(t => (d.Actions[t * 3 + j] - expert.GetAction(d.Observations.AsSpan(t * 17, 17).ToArray())[j]) / std[j]).ToArray();
            double mean = z.Average(), sd = Math.Sqrt(z.Average(v => (v - mean) * (v - mean)));
            Assert.InRange(mean, -0.05, 0.05);
            Assert.InRange(sd, 0.95, 1.05);
        }
    }

    [Fact]
    public void WriteThenReadRoundTripsEpisodesAtomically()
    {
        var dir = Directory.CreateTempSubdirectory("coursekit-demos-");
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        var rng = new Random(3);
        var episodes = new[] { 4, 5 }.Select(s => Rollouts.SampleTrajectory(env, _ => [(float)rng.NextDouble(), 0f, -0.5f], maxLength: 7 + s, seed: s)).ToList();
        var path = Path.Combine(dir.FullName, "demos.safetensors");
        var written = DemonstrationFile.Write(path, episodes, new DemonstrationInfo { Env = "ArmPush-v0", Expert = "test", EpisodeSeeds = [4, 5] });
        Assert.Equal((2, 23), (written.Episodes, written.Steps));
        Assert.Equal(new[] { "demos.json", "demos.safetensors" }, dir.GetFiles().Select(f => f.Name).Order());

        var back = DemonstrationFile.Read(path, "ArmPush-v0").Episodes();
        Assert.Equal(2, back.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(episodes[i].Observations, back[i].Observations);
            Assert.Equal(episodes[i].Actions, back[i].Actions);
            Assert.Equal(episodes[i].NextObservations, back[i].NextObservations);
            Assert.Equal(episodes[i].Rewards.Select(r => (float)r), back[i].Rewards.Select(r => (float)r));
            Assert.True(back[i].Truncated);
        }
        var one = DemonstrationFile.Read(path).Episodes(1);
        Assert.Equal(11, Assert.Single(one).Length);
        var dataset = new TrajectoryDataset(100, new Random(0));
        dataset.AddRollouts(back);
        Assert.Equal(23, dataset.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => DemonstrationFile.Read(path).Episodes(3));
        dir.Delete(true);
    }

    [Fact]
    public void BadFilesAreRefusedWithTheFileAndTheProblem()
    {
        var dir = DataFiles.CopyToTemp("arm_push_demos.json", Shipped);
        string data = Path.Combine(dir.FullName, Shipped), sidecar = Path.Combine(dir.FullName, "arm_push_demos.json");

        var env = Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(data, "ArmReach-v0"));
        Assert.Contains("'ArmPush-v0', not of 'ArmReach-v0'", env.Message);

        var original = File.ReadAllText(sidecar);
        var json = JsonNode.Parse(original)!;
        json["obs_dim"] = 13;
        File.WriteAllText(sidecar, json.ToJsonString());
        var shape = Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(data));
        Assert.Contains(data, shape.Message);
        Assert.Contains("'observations' as Float32 [5000, 17], but its sidecar says Float32 [5000, 13]", shape.Message);

        json["obs_dim"] = 17;
        json["episodes"] = 49;
        File.WriteAllText(sidecar, json.ToJsonString());
        Assert.Contains("has 50 episode starts but its sidecar says 49 episodes", Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(data)).Message);

        json["episodes"] = 50;
        json["format"] = "something-else";
        File.WriteAllText(sidecar, json.ToJsonString());
        Assert.Contains("has format 'something-else'", Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(data)).Message);

        File.WriteAllText(sidecar, "[1, 2");
        Assert.Contains(sidecar, Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(data)).Message);

        File.WriteAllText(sidecar, original);
        var tensors = CourseKit.Nets.SafeTensors.Load(data);
        tensors.Remove("episode_starts");
        CourseKit.Nets.SafeTensors.Save(data, tensors);
        Assert.Contains("has no tensor 'episode_starts'", Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(data)).Message);

        File.Delete(sidecar);
        Assert.Contains(sidecar, Assert.Throws<FileNotFoundException>(() => DemonstrationFile.Read(data)).Message);
        dir.Delete(true);
    }

    [Fact]
    public void EpisodeBoundariesThatContradictTheTerminalsAreRefused()
    {
        var dir = Directory.CreateTempSubdirectory("coursekit-demos-");
        var steps = Rollouts.SampleTrajectory(Gym.Make<float[], float[]>("ArmPush-v0"), _ => new float[3], maxLength: 4, seed: 0);
        var path = Path.Combine(dir.FullName, "d.safetensors");
        DemonstrationFile.Write(path, [steps, steps], new DemonstrationInfo { Env = "ArmPush-v0" });
        var tensors = CourseKit.Nets.SafeTensors.Load(path);
        // Mark step 1 terminal: step 2 would then have to start an episode, and it does not.
        tensors["terminals"] = torch.tensor(new[] { false, true, false, false, false, false, false, false });
        CourseKit.Nets.SafeTensors.Save(path, tensors);
        Assert.Contains("terminal step 1 followed by step 2, which is not an episode start", Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(path)).Message);
        tensors["terminals"] = torch.tensor(new bool[8]);
        tensors["episode_starts"] = torch.tensor(new[] { false, false, false, false, true, false, false, false });
        CourseKit.Nets.SafeTensors.Save(path, tensors);
        Assert.Contains("does not start with an episode start", Assert.Throws<InvalidDataException>(() => DemonstrationFile.Read(path)).Message);
        dir.Delete(true);
    }
}
