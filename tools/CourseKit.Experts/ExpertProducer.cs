using System.Diagnostics;
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Experts;

/// <summary>
/// Makes the ArmPush-v0 expert and its demonstrations: distils <see cref="ScriptedPusher"/> (with Gaussian noise on
/// its torques, so the expert is stochastic and its learned standard deviation means something) into a Gaussian MLP
/// policy, records its score, and records demonstrations with it. Every seed is fixed, so a rerun on the same
/// backend writes the same files.
/// </summary>
public static class ExpertProducer
{
    /// <summary>Standard deviation of the noise added to each scripted torque: the spread the expert learns.</summary>
    public const double TeacherNoise = 0.3;
    const int Rounds = 8, StepsPerRound = 4_000, FitSteps = 3_000, FitBatch = 256, Hidden = 128;
    const int ScoreEpisodes = 50, ScoreSeed = 1_000, ScoreTorchSeed = 0, DemoEpisodes = 50, DemoTorchSeed = 1;

    /// <summary>Writes arm_push_expert.{safetensors,json} and arm_push_demos.{safetensors,json} into <paramref name="dataDir"/>.</summary>
    public static void Run(string dataDir, string command)
    {
        var clock = Stopwatch.StartNew();
        var expert = Distil();
        double distilSeconds = clock.Elapsed.TotalSeconds;
        var evaluation = Score(expert);
        Console.WriteLine($"expert: sampled {evaluation.MeanReturn:F2} ± {evaluation.StdReturn:F2}, mean action {evaluation.MeanActionReturn:F2}, random {evaluation.RandomReturn:F2} over {ScoreEpisodes} episodes from seed {ScoreSeed}; distilled in {distilSeconds:F0} s");
        var weights = Path.Combine(dataDir, "arm_push_expert.safetensors");
        LoadedGaussianPolicy.Save(expert, weights, evaluation, new ExpertProvenance
        {
            Program = "tools/CourseKit.Experts",
            Command = command,
            Method = $"Distilled from ScriptedPusher (tools/CourseKit.Experts/ScriptedPusher.cs: Jacobian-based fingertip control that gets behind the puck and pushes it along the puck-goal line) with N(0, {TeacherNoise}²) noise on each torque: " +
                     $"{StepsPerRound} steps of the noisy scripted controller, then {Rounds} DAgger rounds of {StepsPerRound} steps with the network acting (sampling) and the noisy scripted controller labelling; " +
                     $"after each round {FitSteps} Adam steps (lr 1e-3, batch {FitBatch}) on the negative log-likelihood of all labels. Torch seed 0, noise seed 7, env seeds 0 and 101-108.",
            Seconds = Math.Round(distilSeconds, 1),
        });
        var expertFile = LoadedGaussianPolicy.Load(weights, Gym.Make<float[], float[]>("ArmPush-v0"));
        var info = RecordDemos(expertFile, Path.Combine(dataDir, "arm_push_demos.safetensors"), command);
        Console.WriteLine($"demonstrations: {info.Episodes} episodes, {info.Steps} steps, return {info.MeanReturn:F2} ± {info.StdReturn:F2}; all done in {clock.Elapsed.TotalSeconds:F0} s");
    }

    static GaussianPolicy Distil()
    {
        var noise = new Random(7);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - noise.NextDouble())) * Math.Cos(2 * Math.PI * noise.NextDouble());
        float[] Teacher(float[] o)
        {
            var a = ScriptedPusher.Act(o);
            for (int j = 0; j < a.Length; j++) a[j] += (float)(TeacherNoise * Gauss());
            return a;
        }
        Seed.Everything(0);
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        var data = new TrajectoryDataset(200_000, new Random(0));
        var expert = new GaussianPolicy(new GaussianPolicySpec { Env = "ArmPush-v0", ObsDim = 17, ActDim = 3, NLayers = 2, Size = Hidden });
        var optimizer = torch.optim.Adam(expert.parameters(), lr: 1e-3);
        for (int round = 0; round <= Rounds; round++)
        {
            Func<float[], float[]> acting = round == 0 ? Teacher : expert.SampleAction;
            foreach (var o in Imitation.Collect(env, acting, StepsPerRound, seed: round == 0 ? 0 : 100 + round)) data.Add(o, Teacher(o));
            Imitation.Fit(expert, optimizer, data, FitSteps, FitBatch);
            Console.WriteLine($"distillation round {round}: {data.Count} labelled states");
        }
        return expert;
    }

    static ExpertEvaluation Score(GaussianPolicy expert)
    {
        Seed.Everything(ScoreTorchSeed);
        var sampled = Imitation.Evaluate(expert.SampleAction, ScoreEpisodes, ScoreSeed);
        var mean = Imitation.Evaluate(expert.GetAction, ScoreEpisodes, ScoreSeed);
        var random = Imitation.Evaluate(Imitation.RandomTorques(), ScoreEpisodes, ScoreSeed);
        return new ExpertEvaluation
        {
            Episodes = ScoreEpisodes, EnvSeed = ScoreSeed, TorchSeed = ScoreTorchSeed,
            MeanReturn = sampled.Mean, StdReturn = sampled.Std, Returns = sampled.Returns,
            MeanActionReturn = mean.Mean, RandomReturn = random.Mean,
        };
    }

    static DemonstrationInfo RecordDemos(LoadedGaussianPolicy expert, string path, string command)
    {
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        Seed.Everything(DemoTorchSeed);
        int[] seeds = [.. Enumerable.Range(0, DemoEpisodes)];
        var episodes = seeds.Select(s => Rollouts.SampleTrajectory(env, expert.SampleAction, maxLength: 100, seed: s)).ToList();
        return DemonstrationFile.Write(path, episodes, new DemonstrationInfo
        {
            Env = "ArmPush-v0", Expert = Path.GetFileName(expert.WeightsPath), Acting = "sampled from the expert's Gaussian (the expert as it acts)",
            EpisodeSeeds = seeds, TorchSeed = DemoTorchSeed, ProducedBy = $"tools/CourseKit.Experts: {command}",
        });
    }
}
