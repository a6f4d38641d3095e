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
        Expect.Equal(expected, f(size, kernel, stride, padding), $"ConvOutputSize(size: {size}, kernel: {kernel}, stride: {stride}, padding: {padding})");
    }

    /// <summary>The Nature CNN's three layers on 84 pixels: 84 → 20 → 9 → 7.</summary>
    [Check(Description = "the Nature CNN: 84 -> 20 -> 9 -> 7")]
    public static void NatureCnn(Func<long, long, long, long, long> f)
    {
        Verify(f, 84, 8, 4, 0);
        Verify(f, 20, 4, 2, 0);
        Verify(f, 9, 3, 1, 0);
    }

    /// <summary>Padding adds to both sides.</summary>
    [Check(Description = "padding 1 keeps a 3x3 conv's size")]
    public static void Padding(Func<long, long, long, long, long> f) => Verify(f, 5, 3, 1, 1);
}
