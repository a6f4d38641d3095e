// Buggy dagger.train_loop: does not aggregate: each iteration trains on a fresh dataset holding only its own pairs.
// breaks: the core rule
// loses at least: 0.5
// message names: aggregate
// EXERCISE dagger.train_loop (5 points)
// DAgger's outer loop, for iterations i = 0, 1, ..., cfg.Iterations:
//   iteration 0: dataset.AddRollouts(demonstrations). No env step: training on them alone is behavioural cloning.
//   iteration i >= 1:
//     1. COLLECT exactly cfg.StepsPerIteration env steps, each with a = mixedAction(obs, expert, learner, beta.Value(i), rng),
//        remembering every observation acted in. Start the iteration with a new episode (env.Reset(seed) the very first
//        time, env.Reset() with no seed after that) and start another whenever a step is terminated OR truncated;
//     2. RELABEL: the label of every remembered observation is expert(obs), whoever acted there;
//     3. AGGREGATE: dataset.Add(obs, label) for each, in the order visited (the dataset keeps its newest MaxSize pairs).
//   then, in every iteration:
//     4. TRAIN cfg.TrainSteps times: (o, a) = dataset.SampleRandomData(min(cfg.BatchSize, dataset.Count)); loss = trainStep(o, a);
//     5. LOG at step i: "dataset_size" = dataset.Count, "loss" = the mean of this iteration's losses, "eval_return" = evaluate(i).
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

static void DaggerLoop(DaggerConfig cfg, Env<float[], float[]> env, Func<float[], float[]> expert, Func<float[], float[]> learner,
                       IReadOnlyList<Trajectory<float[], float[]>> demonstrations, TrajectoryDataset dataset, ISchedule beta,
                       Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> mixedAction,
                       Func<Tensor, Tensor, float> trainStep, Func<int, double> evaluate, ExperimentLog log, Random rng, int seed)
{
    bool firstEpisode = true;
    var current = dataset;
    for (int i = 0; i <= cfg.Iterations; i++)
    {
        if (i == 0) dataset.AddRollouts(demonstrations);
        else
        {
            // 1. Collect: the mixture drives; only the observations are kept for labelling.
            double b = beta.Value(i);
            var visited = new List<float[]>(cfg.StepsPerIteration);
            float[] obs = null;
            for (int t = 0; t < cfg.StepsPerIteration; t++)
            {
                if (obs is null)
                {
                    obs = (firstEpisode ? env.Reset(seed) : env.Reset()).obs;
                    firstEpisode = false;
                }
                visited.Add(obs);
                var s = env.Step(mixedAction(obs, expert, learner, b, rng));
                obs = s.Terminated || s.Truncated ? null : s.Observation;
            }
            // 2. Relabel: what the expert would have done in each visited state.
            var labels = visited.Select(expert).ToList();
            // 3. Aggregate.
            current = new TrajectoryDataset(dataset.MaxSize, rng);
            for (int k = 0; k < visited.Count; k++) current.Add(visited[k], labels[k]);
        }
        // 4. Train on the aggregate.
        double lossSum = 0;
        for (int step = 0; step < cfg.TrainSteps; step++)
        {
            var (o, a) = current.SampleRandomData(Math.Min(cfg.BatchSize, current.Count));
            lossSum += trainStep(o, a);
        }
        // 5. Log.
        log.Log(i, "dataset_size", current.Count);
        log.Log(i, "loss", lossSum / cfg.TrainSteps);
        log.Log(i, "eval_return", evaluate(i));
    }
}
