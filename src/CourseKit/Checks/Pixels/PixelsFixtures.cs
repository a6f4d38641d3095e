namespace CourseKit.Checks.Pixels;

/// <summary>Inputs and message helpers the visible and hidden checks of the pixels notebook share (the answers themselves stay internal).</summary>
public static class PixelsFixtures
{
    /// <summary>ITU-R 601 luma of one RGB pixel.</summary>
    internal static double Luma(double r, double g, double b) => 0.299 * r + 0.587 * g + 0.114 * b;

    /// <summary>The expected grey, downscaled frame (unrounded) for an H×W×3 picture.</summary>
    internal static double[] GreyDownscaled(float[] rgb, int height, int width, int factor)
    {
        int oh = height / factor, ow = width / factor;
        var o = new double[oh * ow];
        for (int y = 0; y < oh; y++)
            for (int x = 0; x < ow; x++)
            {
                double s = 0;
                for (int dy = 0; dy < factor; dy++)
                    for (int dx = 0; dx < factor; dx++)
                    {
                        int p = ((y * factor + dy) * width + x * factor + dx) * 3;
                        s += Luma(rgb[p], rgb[p + 1], rgb[p + 2]);
                    }
                o[y * ow + x] = s / (factor * factor);
            }
        return o;
    }

    /// <summary>A picture with a different colour in every pixel, from a fixed seed.</summary>
    public static float[] RandomPicture(int height, int width, int seed)
    {
        var rng = new Random(seed);
        var rgb = new float[height * width * 3];
        for (int i = 0; i < rgb.Length; i++) rgb[i] = rng.Next(256);
        return rgb;
    }

    /// <summary>The expected stack: k frames ending at t, oldest first, zeros before the episode's first frame, scaled to [0, 1].</summary>
    internal static float[] Stack(IReadOnlyList<byte[]> frames, IReadOnlyList<bool> episodeStarts, int t, int k)
    {
        int size = frames[0].Length;
        var o = new float[k * size];
        for (int i = 0; i < k; i++)
        {
            int f = t - i;
            if (f < 0) break;
            var slot = o.AsSpan((k - 1 - i) * size, size);
            for (int j = 0; j < size; j++) slot[j] = frames[f][j] / 255f;
            if (episodeStarts[f]) break;
        }
        return o;
    }

    /// <summary>Frames whose every pixel tells which frame it is (frame i holds 10·(i+1)), for readable messages.</summary>
    public static List<byte[]> NumberedFrames(int count, int size) =>
        Enumerable.Range(0, count).Select(i => Enumerable.Repeat((byte)(10 * (i + 1)), size).ToArray()).ToList();

    /// <summary>
    /// Shows a stack as the frames it holds, oldest first, by their index in <paramref name="frames"/>: "[zeros, zeros, 3, 4]";
    /// "?" for a slot that is neither zeros nor any frame scaled by 1/255.
    /// </summary>
    public static string Describe(float[]? stack, int k, IReadOnlyList<byte[]> frames)
    {
        if (stack is null) return "null";
        if (stack.Length % k != 0) return $"{stack.Length} floats (not a multiple of k = {k})";
        int size = stack.Length / k;
        return "[" + string.Join(", ", Enumerable.Range(0, k).Select(i =>
        {
            var slot = stack[(i * size)..((i + 1) * size)];
            bool Holds(byte[] frame)
            {
                for (int j = 0; j < size; j++) if (Math.Abs(slot[j] - frame[j] / 255f) > 1e-6) return false;
                return true;
            }
            if (slot.All(v => v == 0)) return "zeros";
            // The newest match: frames may repeat, and the stack ends at the newest one.
            int index = Enumerable.Range(0, frames.Count).LastOrDefault(n => frames[n].Length == size && Holds(frames[n]), -1);
            return index >= 0 ? index.ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
        })) + "]";
    }
}
