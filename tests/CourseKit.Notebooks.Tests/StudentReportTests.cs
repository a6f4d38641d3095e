using CourseKit.Notebooks.Grading;

namespace CourseKit.Notebooks.Tests;

/// <summary>The student's report: total, ✔/✘ per attempted exercise with points and cell, what failed, what is not attempted.</summary>
public class StudentReportTests
{
    static ExerciseGrade Grade(string id, double max, double score, GradeStatus status, string summary, params CheckOutcome[] checks) =>
        new(id, max, score, status, summary, checks, TimeSpan.Zero);

    [Fact]
    public void Passed_failed_and_not_attempted_each_read_as_one_line_with_failures_underneath()
    {
        var report = StudentReport.Format(
        [
            new GradedCell("00_tools.ipynb", 18, Grade("tools.mse", 1, 1, GradeStatus.Passed, "All checks passed.",
                new CheckOutcome("value", 1, true, "", ""))),
            new GradedCell("00_tools.ipynb", 25, Grade("tools.select_q_values", 2, 0.5, GradeStatus.Failed, "1 of 2 checks failed.",
                new CheckOutcome("value", 1, true, "", ""), new CheckOutcome("shape [B]", 3, false, "returned shape [3, 1], expected [3].", "debug\n"))
                with { Warnings = ["(4,11): warning CS8632: The annotation for nullable reference types ..."] }),
            new GradedCell("02_dqn_cartpole.ipynb", 9, Grade("dqn.sample_trajectory", 2, 0, GradeStatus.Refused, "The grader refuses this cell before running it:\n  line 9: CourseKit.Rl.Rollouts.SampleTrajectory")),
            new GradedCell("00_tools.ipynb", 30, Grade("tools.run_episode", 2, 0, GradeStatus.NotAttempted, "Not attempted")),
        ]);
        Assert.Equal(
            "Your exercises: 1.5 / 7 points (3 of 4 attempted)\n" +
            "  ✔ tools.mse              1 / 1  (00_tools.ipynb, cell 18)\n" +
            "  ✘ tools.select_q_values  0.5 / 2  (00_tools.ipynb, cell 25)\n" +
            "      (4,11): warning CS8632: The annotation for nullable reference types ...\n" +
            "      ✘ shape [B]: returned shape [3, 1], expected [3].\n" +
            "          printed: debug\n" +
            "  ✘ dqn.sample_trajectory  0 / 2  (02_dqn_cartpole.ipynb, cell 9)\n" +
            "      The grader refuses this cell before running it:\n" +
            "        line 9: CourseKit.Rl.Rollouts.SampleTrajectory\n" +
            "  · not attempted (1): tools.run_episode", report);
    }
}
