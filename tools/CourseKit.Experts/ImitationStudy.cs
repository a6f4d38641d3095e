using System.Diagnostics;
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;

namespace CourseKit.Experts;

/// <summary>How cloning and DAgger are run on ArmPush-v0 in the study (the notebook's settings by default).</summary>
/// <param name="Demos">Expert demonstrations cloning learns from (and DAgger's iteration 0 starts from).</param>
/// <param name="TrainSteps">Adam steps after each iteration (cloning: once).</param>
/// <param name="Iterations">DAgger iterations after iteration 0.</param>
/// <param name="StepsPerIteration">States the mixed policy visits and the expert labels per DAgger iteration.</param>
/// <param name="BetaDecay">β_i = BetaDecay^i: the chance the expert acts while collecting in iteration i.</param>
/// <param name="MeanLabels">Relabel with the expert's mean action (what it aims for) rather than a sample of its Gaussian (the recorded demonstrations keep their sampled actions either way).</param>
/// <param name="MeanActing">Test (and let the learner act) with the mean action instead of a sample.</param>
/// <param name="Size">Units in each of the learner's two hidden layers.</param>
/// <param name="Normalise">Normalise the learner's observations with the demonstrations' mean and standard deviation.</param>
public sealed record StudySettings(int Demos = 2, int TrainSteps = 1_000, int BatchSize = 100, double LearningRate = 5e-3,
                                   int Iterations = 10, int StepsPerIteration = 400, double BetaDecay = 0.5, int MaxDataset = 20_000,
                                   bool MeanLabels = true, bool MeanActing = false, int TestEpisodes = 50, int TestSeed = 1_000,
                                   int Size = 64, bool Normalise = false);

/// <summary>One seed's result: the share of the way from random to expert after each iteration (index 0 = cloning), and seconds.</summary>
public sealed record StudyRun(int Seed, double[] Shares, int[] Labels, double Seconds, GaussianPolicy Policy);

/// <summary>Cloning with k demonstrations against DAgger on ArmPush-v0, over seeds.</summary>
public sealed class ImitationStudy(LoadedGaussianPolicy expert, Demonstrations demos, StudySettings settings)
{
    double _random = double.NaN, _expert = double.NaN;

    /// <summary>The 0 % and 100 % of the scale: random uniform torques and the expert, on the test start states.</summary>
    public (double Random, double Expert) Scale()
    {
        if (double.IsNaN(_random))
        {
            _random = Imitation.Evaluate(Imitation.RandomTorques(), settings.TestEpisodes, settings.TestSeed).Mean;
            Seed.Everything(0);
            _expert = Imitation.Evaluate(settings.MeanActing ? expert.GetAction : expert.SampleAction, settings.TestEpisodes, settings.TestSeed).Mean;
        }
        return (_random, _expert);
    }

    /// <summary>Where a mean return lies between random (0 %) and the expert (100 %).</summary>
    public double Share(double meanReturn)
    {
        var (r, e) = Scale();
        return 100 * (meanReturn - r) / (e - r);
    }

    /// <summary>The learner's action error on the expert's states and on its own (<see cref="DistributionShift"/>).</summary>
    public DistributionShift.Result Shift(GaussianPolicy learner) => DistributionShift.Measure(expert, learner);

    GaussianPolicy NewLearner()
    {
        var spec = new GaussianPolicySpec { Env = "ArmPush-v0", ObsDim = demos.ObsDim, ActDim = demos.ActDim, Size = settings.Size };
        if (!settings.Normalise) return new GaussianPolicy(spec);
        int n = demos.Steps, d = demos.ObsDim;
        var mean = new float[d]; var std = new float[d];
        for (int j = 0; j < d; j++)
        {
            double m = 0, v = 0;
            for (int t = 0; t < n; t++) m += demos.Observations[t * d + j];
            m /= n;
            for (int t = 0; t < n; t++) v += (demos.Observations[t * d + j] - m) * (demos.Observations[t * d + j] - m);
            mean[j] = (float)m;
            std[j] = (float)Math.Max(Math.Sqrt(v / n), 1e-3);
        }
        return new GaussianPolicy(spec with { ObsMean = mean, ObsStd = std });
    }

    Func<float[], float[]> Acting(GaussianPolicy p) => settings.MeanActing ? p.GetAction : p.SampleAction;

    double Test(GaussianPolicy p) => Share(Imitation.Evaluate(Acting(p), settings.TestEpisodes, settings.TestSeed).Mean);

    /// <summary>Behavioural cloning on the first <paramref name="demoCount"/> demonstrations, trained <paramref name="trainSteps"/> steps.</summary>
    /// <param name="demoCount">Demonstrations to clone.</param>
    /// <param name="trainSteps">Adam steps.</param>
    /// <param name="seed">Seed of the network, the minibatches and the test's sampling.</param>
    /// <param name="relabel">Replace the recorded (sampled) actions by the expert's mean actions: cloning with DAgger's labels on the expert's states.</param>
    public (double Share, GaussianPolicy Policy, double Seconds) Clone(int demoCount, int trainSteps, int seed, bool relabel = false)
    {
        Scale();
        var clock = Stopwatch.StartNew();
        Seed.Everything(seed);
        var data = new TrajectoryDataset(settings.MaxDataset, new Random(seed));
        if (!relabel) data.AddRollouts(demos.Episodes(demoCount));
        else
            foreach (var o in demos.Episodes(demoCount).SelectMany(e => e.Observations)) data.Add(o, expert.GetAction(o));
        var learner = NewLearner();
        Imitation.Fit(learner, torch.optim.Adam(learner.parameters(), lr: settings.LearningRate), data, trainSteps, settings.BatchSize);
        double seconds = clock.Elapsed.TotalSeconds;
        return (Test(learner), learner, seconds);
    }

    /// <summary>DAgger: iteration 0 clones the demonstrations; each later one collects with the β-mixture, relabels with the expert, aggregates and trains.</summary>
    public StudyRun Dagger(int seed)
    {
        Scale();
        var clock = Stopwatch.StartNew();
        double testing = 0;
        Seed.Everything(seed);
        var data = new TrajectoryDataset(settings.MaxDataset, new Random(seed));
        data.AddRollouts(demos.Episodes(settings.Demos));
        var learner = NewLearner();
        var optimizer = torch.optim.Adam(learner.parameters(), lr: settings.LearningRate);
        var coin = new Random(seed + 10_000);
        var env = Gym.Make<float[], float[]>("ArmPush-v0");
        Func<float[], float[]> label = settings.MeanLabels ? expert.GetAction : expert.SampleAction;
        var shares = new List<double>(); var labels = new List<int>();
        for (int i = 0; i <= settings.Iterations; i++)
        {
            if (i > 0)
            {
                double beta = Math.Pow(settings.BetaDecay, i);
                var acting = Acting(learner);
                // Collect with the mixture, then relabel every visited state with the expert, then aggregate.
                var visited = Imitation.Collect(env, o => coin.NextDouble() < beta ? expert.SampleAction(o) : acting(o), settings.StepsPerIteration, seed: 100_000 + 100 * seed + i);
                foreach (var o in visited) data.Add(o, label(o));
            }
            Imitation.Fit(learner, optimizer, data, settings.TrainSteps, settings.BatchSize);
            var t = Stopwatch.StartNew();
            shares.Add(Test(learner));
            testing += t.Elapsed.TotalSeconds;
            labels.Add(data.Count);
        }
        return new StudyRun(seed, [.. shares], [.. labels], clock.Elapsed.TotalSeconds - testing, learner);
    }
}
