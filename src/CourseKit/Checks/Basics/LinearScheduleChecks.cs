namespace CourseKit.Checks.Basics;

/// <summary>
/// Visible checks of <c>basics.linear_schedule</c>:
/// <c>static double LinearSchedule(int step, int durationSteps, double start, double end)</c>,
/// the exploration rate that goes linearly from start to end over durationSteps, then stays at end.
/// </summary>
[ExerciseChecks("basics.linear_schedule")]
public static class LinearScheduleChecks
{
    /// <summary>The self-check cell under the exercise: <c>LinearScheduleChecks.Run(LinearSchedule);</c></summary>
    public static SelfCheckReport Run(Func<int, int, double, double, double> linearSchedule) => SelfCheck.Run("basics.linear_schedule", linearSchedule);

    /// <summary>The schedule starts at start and reaches end at the last step of its duration.</summary>
    [Check(Description = "endpoints")]
    public static void Endpoints(Func<int, int, double, double, double> linearSchedule)
    {
        Expect.Close(1.0, linearSchedule(0, 100, 1.0, 0.05), 1e-9, "LinearSchedule(step: 0, durationSteps: 100, start: 1, end: 0.05)");
        Expect.Close(0.05, linearSchedule(100, 100, 1.0, 0.05), 1e-9, "LinearSchedule(step: 100, durationSteps: 100, start: 1, end: 0.05)");
    }

    /// <summary>Halfway through, the value is halfway between start and end.</summary>
    [Check(Description = "halfway")]
    public static void Halfway(Func<int, int, double, double, double> linearSchedule) =>
        Expect.Close(0.5, linearSchedule(50, 100, 1.0, 0.0), 1e-9, "LinearSchedule(step: 50, durationSteps: 100, start: 1, end: 0)");
}
