using CourseKit.Rl;

namespace CourseKit.Checks.Dagger;

public static partial class TrainLoopChecks
{
    /// <summary>One evaluation per iteration, after its training, told which iteration it is.</summary>
    static void CheckEvaluations(LoopRun run)
    {
        var evals = run.Spies.Evaluations;
        int n = run.Cfg.Iterations, T = run.Cfg.TrainSteps;
        for (int i = 0; i < Math.Min(evals.Count, n + 1); i++)
        {
            var e = evals[i];
            string at = $"{run.Call}: evaluation {i + 1}";
            Expect.True(e.Iteration == i, $"{at} was given iteration {e.Iteration}; expected {i}: evaluate(i) once per iteration i = 0 … {n}.");
            Expect.True(e.StepsTaken == i * run.S && e.TrainCallsBefore == (i + 1) * T,
                $"{at} (iteration {i}) came after {Expect.Count(e.StepsTaken, "env step")} and {Expect.Count(e.TrainCallsBefore, "train step")}; expected {i * run.S} and {(i + 1) * T}: " +
                "evaluate each iteration's learner once it has trained, before the next collection.");
        }
        Expect.True(evals.Count == n + 1, $"{run.Call}: evaluate was called {evals.Count} times; expected once per iteration, {n + 1} (iterations 0 … {n}).");
    }

    /// <summary>Per iteration i (the log's step): the dataset's size, the mean loss of its train steps, the evaluation.</summary>
    static void CheckLog(LoopRun run)
    {
        int n = run.Cfg.Iterations, T = run.Cfg.TrainSteps;
        var calls = run.Spies.TrainCalls;
        var expected = new (string Name, Func<int, double> Value, string What)[]
        {
            ("dataset_size", i => run.Window(i).Count, "dataset.Count once iteration i has aggregated"),
            ("loss", i => calls.Skip(i * T).Take(T).Average(c => (double)c.Loss), "the mean of the losses trainStep returned in iteration i"),
            ("eval_return", i => run.Spies.Evaluations[i].Returned, "what evaluate(i) returned"),
        };
        foreach (var (name, value, what) in expected)
        {
            var (steps, values) = run.Log.Names.Contains(name) ? run.Log.Series(name) : ([], []);
            Expect.True(values.Length == n + 1, $"{run.Call}: log holds {Expect.Count(values.Length, $"\"{name}\" entry")}; expected one per iteration, {n + 1}: " +
                $"log.Log(i, \"{name}\", {what}).");
            for (int i = 0; i <= n; i++)
                Expect.True(steps[i] == i && Math.Abs(values[i] - value(i)) < 1e-6,
                    $"{run.Call}: \"{name}\" entry {i} is {Expect.Show(values[i])} at step {steps[i]}; expected {Expect.Show(value(i))} at step {i}, {what}.");
        }
    }
}
