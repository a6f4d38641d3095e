namespace CourseKit.Checks.Pixels;

/// <summary>
/// Visible checks of <c>pixels.preprocess</c>:
/// <c>static byte[] Preprocess(float[] rgb, int height, int width, int factor)</c>: an H×W×3 picture
/// (0–255) becomes (H/factor)×(W/factor) grey bytes, 0.299 R + 0.587 G + 0.114 B averaged over blocks.
/// </summary>
[ExerciseChecks("pixels.preprocess")]
public static class PreprocessChecks
{
    /// <summary>The self-check cell: <c>PreprocessChecks.Run(Preprocess);</c></summary>
    public static SelfCheckReport Run(Func<float[], int, int, int, byte[]> preprocess) => SelfCheck.Run("pixels.preprocess", preprocess);

    /// <summary>Runs the student's function on a picture and compares with the reference, within one grey level (rounding).</summary>
    public static void Verify(Func<float[], int, int, int, byte[]> f, float[] rgb, int height, int width, int factor, string what)
    {
        var input = (float[])rgb.Clone();
        var grey = f(input, height, width, factor);
        Expect.True(grey is not null, $"{what} returned null.");
        int oh = height / factor, ow = width / factor;
        Expect.True(grey!.Length == oh * ow, $"{what} returned {grey.Length} bytes; expected ({height}/{factor}) x ({width}/{factor}) = {oh * ow}, one grey value per output pixel.");
        var expected = PixelsFixtures.GreyDownscaled(rgb, height, width, factor);
        for (int i = 0; i < expected.Length; i++)
        {
            if (Math.Abs(grey[i] - expected[i]) <= 0.5 + 1e-9) continue;
            string rule = grey[i] == Math.Floor(expected[i])
                ? "The value was cut off, not rounded: (byte)x drops the fraction, round to the nearest whole number with Math.Round first."
                : $"Each output pixel is the mean grey of its {factor}x{factor} block, grey = 0.299 R + 0.587 G + 0.114 B.";
            throw new CheckFailedException($"{what}: output pixel (row {i / ow}, column {i % ow}) is {grey[i]}, expected {Math.Round(expected[i], MidpointRounding.AwayFromZero)} " +
                $"(mean of 0.299 R + 0.587 G + 0.114 B over its {factor}x{factor} block, {expected[i]:0.###}). {rule}");
        }
        Expect.True(input.AsSpan().SequenceEqual(rgb), $"{what} changed its input array; leave the frame as it is.");
    }

    /// <summary>Pure colours give their luma.</summary>
    [Check(Description = "grey = 0.299 R + 0.587 G + 0.114 B (factor 1)")]
    public static void Luma(Func<float[], int, int, int, byte[]> f) =>
        Verify(f, [255, 0, 0, 0, 255, 0, 0, 0, 255, 200, 72, 72], 2, 2, 1, "Preprocess(red, green, blue and paddle-red pixels, 2, 2, factor 1)");

    /// <summary>Blocks are averaged.</summary>
    [Check(Description = "factor 2 averages each 2x2 block")]
    public static void Downscale(Func<float[], int, int, int, byte[]> f) =>
        Verify(f, PixelsFixtures.RandomPicture(4, 6, seed: 1), 4, 6, 2, "Preprocess(a random 4x6 picture, 4, 6, factor 2)");
}
