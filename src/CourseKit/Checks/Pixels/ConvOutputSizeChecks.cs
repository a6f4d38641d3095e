namespace CourseKit.Checks.Pixels;

/// <summary>
/// Visible checks of <c>pixels.conv_output_size</c>:
/// <c>static long ConvOutputSize(long size, long kernel, long stride, long padding)</c> = ⌊(size + 2p − k)/s⌋ + 1.
/// </summary>
[ExerciseChecks("pixels.conv_output_size")]
public static class ConvOutputSizeChecks
{
    /// <summary>The self-check cell: <c>ConvOutputSizeChecks.Run(ConvOutputSize);</c></summary>
    public static SelfCheckReport Run(Func<long, long, long, long, long> convOutputSize) => SelfCheck.Run("pixels.conv_output_size", convOutputSize);

    /// <summary>Compares one call with the formula.</summary>
    public static void Verify(Func<long, long, long, long, long> f, long size, long kernel, long stride, long padding)
    {
        long expected = (size + 2 * padding - kernel) / stride + 1;
        long got = f(size, kernel, stride, padding);
        Expect.CloseNamingRule(expected, got, 0, $"ConvOutputSize(size: {size}, kernel: {kernel}, stride: {stride}, padding: {padding})",
            "The formula is ⌊(size + 2·padding − kernel) / stride⌋ + 1.",
            ((size + 2 * padding - kernel) / stride, "The + 1 is missing: the kernel's first position counts too, ⌊(size + 2·padding − kernel) / stride⌋ + 1."),
            ((size + padding - kernel) / stride + 1, "The padding was added once: it pads both sides, size + 2·padding."),
            ((size + 2 * padding - kernel + stride - 1) / stride + 1, "That rounds the division up: round it down (integer division of non-negative longs does)."),
            ((long)Math.Round((size + 2.0 * padding - kernel) / stride) + 1, "That rounds the division to the nearest: round it down (integer division of non-negative longs does)."));
    }

    /// <summary>The Nature CNN's three layers on 84 pixels: 84 → 20 → 9 → 7.</summary>
    [Check(Description = "the Nature CNN: 84 -> 20 -> 9 -> 7")]
    public static void NatureCnn(Func<long, long, long, long, long> f)
    {
        Verify(f, 84, 8, 4, 0);
        Verify(f, 20, 4, 2, 0);
        Verify(f, 9, 3, 1, 0);
    }

    /// <summary>Padding adds to both sides; with stride 2 the division does not come out even and rounds down.</summary>
    [Check(Description = "padding goes on both sides: a 5x5 conv with padding 2 keeps 5 pixels; 6 pixels, stride 2 give 3")]
    public static void Padding(Func<long, long, long, long, long> f)
    {
        Verify(f, 5, 5, 1, 2);
        Verify(f, 6, 3, 2, 1);   // (6 + 2 − 3) / 2 = 2.5 → 2, + 1
    }

    /// <summary>A size that does not divide evenly rounds down; padding counts on both sides.</summary>
    [Check(Description = "85 pixels, kernel 8, stride 4 round down to 20; padding 1 counts twice")]
    public static void RoundsDown(Func<long, long, long, long, long> f)
    {
        Verify(f, 85, 8, 4, 0);  // 77/4 = 19.25
        Verify(f, 13, 3, 2, 1);  // (13 + 2 − 3)/2 = 6: both sides padded
    }
}
