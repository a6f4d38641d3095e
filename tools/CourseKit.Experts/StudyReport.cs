using System.Globalization;

namespace CourseKit.Experts;

/// <summary>Prints the study's figures, one "name: value unit" line each, plus a table per seed.</summary>
public static class StudyReport
{
    /// <summary>Cloning with the settings' demonstrations, DAgger, and (with <paramref name="ablation"/>) cloning over the amount of data.</summary>
    public static void Run(ImitationStudy study, StudySettings s, int seeds, bool ablation)
    {
        var (random, expert) = study.Scale();
        Console.WriteLine($"# ArmPush-v0, {s}");
        Report("random_return", random, "");
        Report("expert_return", expert, "");
        var clones = Enumerable.Range(0, seeds).Select(seed => study.Clone(s.Demos, s.TrainSteps, seed)).ToList();
        Console.WriteLine($"# cloning, {s.Demos} demonstrations: shares {Join(clones.Select(c => c.Share))}");
        Report($"bc_{s.Demos}_demos_share", Mean(clones.Select(c => c.Share)), "%");
        Report($"bc_{s.Demos}_demos_share_std", Std(clones.Select(c => c.Share)), "%");
        Report("bc_train_seconds_per_seed", Mean(clones.Select(c => c.Seconds)), "s");
        var shifts = clones.Select(c => study.Shift(c.Policy)).ToList();
        Shift("bc", shifts);
        if (s.MeanLabels)
        {
            // The control for DAgger's cleaner labels: cloning the same states relabelled with the expert's mean action.
            var relabelled = Enumerable.Range(0, seeds).Select(seed => study.Clone(s.Demos, s.TrainSteps, seed, relabel: true).Share).ToList();
            Console.WriteLine($"# cloning, {s.Demos} demonstrations relabelled with the expert's mean: shares {Join(relabelled)}");
            Report($"bc_{s.Demos}_demos_mean_labels_share", Mean(relabelled), "%");
        }
        var runs = Enumerable.Range(0, seeds).Select(study.Dagger).ToList();
        foreach (var r in runs) Console.WriteLine($"# DAgger seed {r.Seed}: shares by iteration {Join(r.Shares)} (labelled states {string.Join(" ", r.Labels)})");
        Report("dagger_iteration0_share", Mean(runs.Select(r => r.Shares[0])), "%");
        Report("dagger_final_share", Mean(runs.Select(r => r.Shares[^1])), "%");
        Report("dagger_final_share_std", Std(runs.Select(r => r.Shares[^1])), "%");
        Report("dagger_final_labels", runs[0].Labels[^1], "states");
        Report("dagger_train_seconds_per_seed", Mean(runs.Select(r => r.Seconds)), "s");
        Shift("dagger", runs.Select(r => study.Shift(r.Policy)).ToList());
        if (!ablation) return;
        // Cloning with as many expert states as DAgger labelled, and as many training steps: is it just more data?
        foreach (int k in new[] { 1, 2, 5, 10, 20, 50 }.Where(k => k != s.Demos))
        {
            int steps = s.TrainSteps * Math.Max(1, (int)Math.Round(k * 100.0 / 500));
            var c = Enumerable.Range(0, seeds).Select(seed => study.Clone(k, Math.Min(steps, s.TrainSteps * (s.Iterations + 1)), seed)).ToList();
            Console.WriteLine($"# cloning, {k} demonstrations ({k * 100} states): shares {Join(c.Select(x => x.Share))}");
            Report($"bc_{k}_demos_share", Mean(c.Select(x => x.Share)), "%");
            Report($"bc_{k}_demos_share_std", Std(c.Select(x => x.Share)), "%");
            Report($"bc_{k}_demos_seconds_per_seed", Mean(c.Select(x => x.Seconds)), "s");
        }
    }

    /// <summary>Action error (squared distance between the learner's and the expert's mean actions) by quarter of the episode, on the expert's states and on the learner's own.</summary>
    static void Shift(string who, List<DistributionShift.Result> shifts)
    {
        for (int q = 0; q < 4; q++)
        {
            Report($"{who}_action_error_expert_states_q{q + 1}", Mean(shifts.Select(r => r.ErrorOnExpertStates[q])), "");
            Report($"{who}_action_error_own_states_q{q + 1}", Mean(shifts.Select(r => r.ErrorOnOwnStates[q])), "");
        }
        Report($"{who}_delivered", 100 * Mean(shifts.Select(r => r.LearnerSuccess)), $"% of episodes (puck within {DistributionShift.SuccessDistance} m)");
        Report("expert_delivered", 100 * Mean(shifts.Select(r => r.ExpertSuccess)), "% of episodes");
    }

    static double Mean(IEnumerable<double> v) => v.Average();
    static double Std(IEnumerable<double> v) { var a = v.ToArray(); double m = a.Average(); return Math.Sqrt(a.Average(x => (x - m) * (x - m))); }
    static string Join(IEnumerable<double> v) => string.Join(" ", v.Select(x => x.ToString("F0", CultureInfo.InvariantCulture)));
    static void Report(string name, double value, string unit) => Console.WriteLine($"{name}: {value.ToString(Math.Abs(value) < 1 && value != 0 ? "F3" : "F1", CultureInfo.InvariantCulture)} {unit}");
}
