// EXERCISE basics.linear_schedule (1 point)
// ε goes linearly from `start` (step 0) to `end` (step durationSteps) and stays at `end` after.
static double LinearSchedule(int step, int durationSteps, double start, double end)
{
    // BEGIN SOLUTION
    double fraction = Math.Min(1.0, (double)step / durationSteps);
    return start + fraction * (end - start);
    // END SOLUTION
}
