using CourseKit.Rl;

namespace CourseKit.Checks.Dqn;

public static partial class TrainLoopChecks
{
    /// <summary>What the loop logged: each finished episode's return, each evaluation, and every statistic each gradient step returned.</summary>
    static void CheckLog(string call, SpyEnv env, LoopSpies spies, ExperimentLog log)
    {
        var episodes = new List<(int Step, double Return)>();
        double sum = 0;
        for (int t = 0; t < env.StepCount; t++)
        {
            sum += env.Steps[t].Reward;
            if (!env.Steps[t].Terminated && !env.Steps[t].Truncated) continue;
            episodes.Add((t, sum));
            sum = 0;
        }
        var (steps, values) = Series(log, "train_return");
        Expect.True(values.Length == episodes.Count,
            $"{call}: log holds {Expect.Count(values.Length, "\"train_return\" entry")} for {Expect.Count(episodes.Count, "finished episode")}: " +
            "when an episode ends (terminated or truncated), log its return, log.Log(t, \"train_return\", episodeReturn), then start the next sum at 0.");
        for (int i = 0; i < episodes.Count; i++)
        {
            Expect.True(Math.Abs(values[i] - episodes[i].Return) < 1e-9,
                $"{call}: \"train_return\" entry {i} is {Expect.Show(values[i])}, expected {Expect.Show(episodes[i].Return)}, the sum of that episode's rewards (reset the sum to 0 when an episode ends).");
            Expect.True(steps[i] == episodes[i].Step || steps[i] == episodes[i].Step + 1,
                $"{call}: the return of the episode that ended at env step {episodes[i].Step} was logged at step {steps[i]}: log it at step t.");
        }

        (steps, values) = Series(log, "eval_return");
        var evals = spies.Evaluations;
        Expect.True(values.Length == evals.Count, $"{call}: log holds {Expect.Count(values.Length, "\"eval_return\" entry")} for {Expect.Count(evals.Count, "evaluation")}: log what evaluate returns, log.Log(t, \"eval_return\", value).");
        for (int i = 0; i < evals.Count; i++)
            Expect.True(values[i] == evals[i].Returned && steps[i] == evals[i].Step,
                $"{call}: \"eval_return\" entry {i} is {Expect.Show(values[i])} at step {steps[i]}; evaluate returned {Expect.Show(evals[i].Returned)} at step {evals[i].Step}: log what evaluate returns, at step t.");

        var calls = spies.TrainCalls;
        foreach (var (name, sign) in new[] { ("loss", 1), ("q_values", -1) })
        {
            (steps, values) = Series(log, name);
            Expect.True(values.Length == calls.Count,
                $"{call}: log holds {Expect.Count(values.Length, $"\"{name}\" entry")} for {Expect.Count(calls.Count, "gradient step")}: log every (name, value) trainStep returns, at step t.");
            for (int i = 0; i < calls.Count; i++)
            {
                double want = sign > 0 ? 1.5 + i : -(i + 1);
                Expect.True(values[i] == want && (steps[i] == calls[i].StepsTaken - 1 || steps[i] == calls[i].StepsTaken),
                    $"{call}: \"{name}\" entry {i} is {Expect.Show(values[i])} at step {steps[i]}; gradient step {i} at env step {calls[i].StepsTaken - 1} returned {Expect.Show(want)}: " +
                    "log every (name, value) trainStep returns, at step t.");
            }
        }
    }

    static (long[] Steps, double[] Values) Series(ExperimentLog log, string name) =>
        log.Names.Contains(name) ? log.Series(name) : ([], []);
}
