namespace CourseKit.Checks.Basics;

/// <summary>
/// Visible checks of <c>basics.discounted_returns</c>:
/// <c>static double[] DiscountedReturns(double[] rewards, double gamma)</c>, the return-to-go
/// G_t = r_t + γ·G_{t+1} of every step of an episode.
/// </summary>
[ExerciseChecks("basics.discounted_returns")]
public static class DiscountedReturnsChecks
{
    /// <summary>The self-check cell under the exercise: <c>DiscountedReturnsChecks.Run(DiscountedReturns);</c></summary>
    public static SelfCheckReport Run(Func<double[], double, double[]> discountedReturns) => SelfCheck.Run("basics.discounted_returns", discountedReturns);

    /// <summary>One step: the return is the reward itself.</summary>
    [Check(Description = "one reward")]
    public static void OneReward(Func<double[], double, double[]> discountedReturns) =>
        Expect.SequenceClose([2.0], discountedReturns([2.0], 0.9), 1e-9, "DiscountedReturns([2], 0.9)");

    /// <summary>Three steps with γ = 0.5, small enough to check by hand.</summary>
    [Check(Description = "three rewards, gamma 0.5")]
    public static void ThreeRewards(Func<double[], double, double[]> discountedReturns) =>
        Expect.SequenceClose([1.75, 1.5, 1.0], discountedReturns([1.0, 1.0, 1.0], 0.5), 1e-9,
            "DiscountedReturns([1, 1, 1], 0.5) (G_t = r_t + γ·G_{t+1}, computed backwards from the last step)");

    /// <summary>γ = 0: every return is just its own reward.</summary>
    [Check(Description = "gamma 0 keeps only the immediate reward")]
    public static void GammaZero(Func<double[], double, double[]> discountedReturns) =>
        Expect.SequenceClose([3.0, -1.0, 4.0], discountedReturns([3.0, -1.0, 4.0], 0.0), 1e-9, "DiscountedReturns([3, -1, 4], 0)");
}
