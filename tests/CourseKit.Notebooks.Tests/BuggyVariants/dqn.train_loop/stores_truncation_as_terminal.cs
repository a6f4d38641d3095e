// Buggy dqn.train_loop: stores done = terminated || truncated, so time-limit cuts stop bootstrapping.
// breaks: the core rule
// loses at least: 0.5
// message names: terminated
// EXERCISE dqn.train_loop (4 points)
// DQN's training loop. Reset(seed) once, then for each env step t = 0, 1, ..., cfg.TotalSteps − 1:
//   1. ε = exploration.Value(t); a = act(obs, ε); step the env with a;
//   2. buffer.Insert(obs, a, reward, next observation, done: terminated). A time limit is not terminal:
//      a truncated transition is stored with done = false;
//   3. when the step is terminated OR truncated: log the episode's return as "train_return" at step t
//      and env.Reset() (no seed); otherwise carry on from the next observation;
//   4. no learning before cfg.LearningStarts: once t >= cfg.LearningStarts, whenever t % cfg.TrainEvery == 0,
//      stats = trainStep(buffer.Sample(cfg.BatchSize)) and log every (name, value) in stats at step t;
//   5. whenever t % cfg.TargetSyncEvery == 0: syncTarget();
//   6. once t >= cfg.LearningStarts, whenever t % cfg.EvalEvery == 0: evaluate the GREEDY policy,
//      value = evaluate(t, o => act(o, 0.0)), and log it as "eval_return" at step t.
using CourseKit.Buffers;
using CourseKit.Envs;
using CourseKit.Rl;

static void TrainLoop(DqnConfig cfg, Env<float[], int> env, ReplayBuffer buffer, ISchedule exploration,
                      Func<float[], double, int> act, Func<ReplayBatch, IReadOnlyDictionary<string, double>> trainStep,
                      Action syncTarget, Func<long, Func<float[], int>, double> evaluate, ExperimentLog log, int seed)
{
    var (obs, _) = env.Reset(seed);
    double episodeReturn = 0;
    for (long t = 0; t < cfg.TotalSteps; t++)
    {
        int action = act(obs, exploration.Value(t));
        var s = env.Step(action);
        episodeReturn += s.Reward;
        buffer.Insert(obs, action, s.Reward, s.Observation, done: s.Terminated || s.Truncated);
        if (s.Terminated || s.Truncated)
        {
            log.Log(t, "train_return", episodeReturn);
            episodeReturn = 0;
            obs = env.Reset().obs;
        }
        else obs = s.Observation;

        if (t >= cfg.LearningStarts && t % cfg.TrainEvery == 0)
            foreach (var (name, value) in trainStep(buffer.Sample(cfg.BatchSize))) log.Log(t, name, value);
        if (t % cfg.TargetSyncEvery == 0) syncTarget();
        if (t >= cfg.LearningStarts && t % cfg.EvalEvery == 0)
            log.Log(t, "eval_return", evaluate(t, o => act(o, 0.0)));
    }
}
