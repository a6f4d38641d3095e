using CourseKit.Checks;
using CourseKit.Checks.Dagger;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.HiddenChecks.Dagger;

// Hidden checks of notebooks/07_dagger.ipynb: run by the grader and `dotnet test`, never by the notebook's
// self-check cells. They probe what the visible checks leave open: the comparison with rng's draw,
// other betas, an episode end on the very last step, and a single step.

[ExerciseChecks("dagger.mixed_action")]
public static class MixedActionHidden
{
    [Check(Description = "the expert acts exactly when rng.NextDouble() < beta")]
    public static void FollowsTheDraws(Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> f)
    {
        var draws = new Random(11);
        var rng = new Random(11);
        for (int i = 0; i < 200; i++)
        {
            bool expertShouldAct = draws.NextDouble() < 0.7;
            var a = f([0f], o => [1f], o => [-1f], 0.7, rng);
            Expect.True(a is { Length: 1 } && (a[0] == 1f) == expertShouldAct,
                $"MixedAction(..., beta: 0.7, rng) call {i + 1}: the {(a is { Length: 1 } && a[0] == 1f ? "expert" : "learner")} acted, but rng.NextDouble() gave {(expertShouldAct ? "less" : "not less")} than beta. Draw rng.NextDouble() exactly once per call and compare it with beta.");
        }
    }

    [Check(Description = "beta 0.9 leaves the learner about one action in ten")]
    public static void MostlyExpert(Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]> f)
    {
        var (answers, _, _) = MixedActionChecks.Count(f, 0.9, 2000, new Random(8));
        Expect.True(answers > 1740 && answers < 1860, $"MixedAction(..., beta: 0.9) 2000 times: the expert acted {answers} times; expected about 1800.");
    }
}

[ExerciseChecks("dagger.collect")]
public static class CollectHidden
{
    [Check(Description = "an episode that ends on the last collected step")]
    public static void EndsOnLastStep(Func<Envs.Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) =>
        CollectChecks.VerifyMixedEnds(f, terminateAfter: 3, limit: 5, steps: 8, seed: 9);

    [Check(Description = "episodes that TERMINATE are reset too, not only truncated ones")]
    public static void Terminating(Func<Envs.Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) =>
        CollectChecks.VerifyMixedEnds(f, terminateAfter: 2, limit: 3, steps: 17, seed: 2);

    [Check(Description = "a single step")]
    public static void SingleStep(Func<Envs.Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) => CollectChecks.Verify(f, 10, 1, 21);

    [Check(Description = "many short episodes")]
    public static void ManyEpisodes(Func<Envs.Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, int, int, List<(float[] Observation, float[] Action)>> f) =>
        CollectChecks.VerifyMixedEnds(f, terminateAfter: 1, limit: 3, steps: 31, seed: 13);
}

[ExerciseChecks("dagger.train_loop")]
public static class TrainLoopHidden
{
    [Check(Description = "episodes that end exactly where an iteration's collection ends; fewer demonstrations than a minibatch")]
    public static void EndsWithTheIteration(Action<Rl.DaggerConfig, Envs.Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, IReadOnlyList<Rl.Trajectory<float[], float[]>>,
        Buffers.TrajectoryDataset, Rl.ISchedule, Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]>, Func<Tensor, Tensor, float>,
        Func<int, double>, Rl.ExperimentLog, Random, int> f) =>
        TrainLoopChecks.Verify(f, new Rl.DaggerConfig(Iterations: 3, StepsPerIteration: 6, TrainSteps: 4, BatchSize: 8), new Rl.DaggerConfig(BetaDecay: 0.7).Beta(),
            [(3, Checks.Dqn.SpyEnd.Terminated), (3, Checks.Dqn.SpyEnd.Truncated)], demoPairs: 3, capacity: 14, seed: 21);

    [Check(Description = "a cap smaller than one iteration's pairs, one-step episodes, a constant β of 0.4")]
    public static void TinyCap(Action<Rl.DaggerConfig, Envs.Env<float[], float[]>, Func<float[], float[]>, Func<float[], float[]>, IReadOnlyList<Rl.Trajectory<float[], float[]>>,
        Buffers.TrajectoryDataset, Rl.ISchedule, Func<float[], Func<float[], float[]>, Func<float[], float[]>, double, Random, float[]>, Func<Tensor, Tensor, float>,
        Func<int, double>, Rl.ExperimentLog, Random, int> f) =>
        TrainLoopChecks.Verify(f, new Rl.DaggerConfig(Iterations: 2, StepsPerIteration: 8, TrainSteps: 5, BatchSize: 3), new Rl.ConstantSchedule(0.4),
            [(1, Checks.Dqn.SpyEnd.Truncated), (2, Checks.Dqn.SpyEnd.Both)], demoPairs: 4, capacity: 6, seed: 2);
}
