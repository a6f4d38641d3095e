namespace CourseKit.Plots;

/// <summary>
/// The viridis colour map (perceptually uniform, readable in grey and by colour-blind students),
/// sampled at nine points and interpolated linearly.
/// </summary>
internal static class Colormap
{
    private static readonly (double R, double G, double B)[] Stops =
    [
        (68, 1, 84), (71, 44, 122), (59, 81, 139), (44, 113, 142), (33, 144, 141),
        (39, 173, 129), (92, 200, 99), (170, 220, 50), (253, 231, 37),
    ];

    /// <summary>The colour at <paramref name="t"/> in [0, 1] as <c>#rrggbb</c>.</summary>
    public static string Viridis(double t) => Hex(ViridisRgb(t));

    /// <summary>The colour at <paramref name="t"/> in [0, 1].</summary>
    public static (double R, double G, double B) ViridisRgb(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        double pos = t * (Stops.Length - 1);
        int i = Math.Min((int)pos, Stops.Length - 2);
        double f = pos - i;
        var (a, b) = (Stops[i], Stops[i + 1]);
        return (a.R + f * (b.R - a.R), a.G + f * (b.G - a.G), a.B + f * (b.B - a.B));
    }

    /// <summary>Black or white, whichever reads better on the background colour.</summary>
    public static string TextOn((double R, double G, double B) c) =>
        0.299 * c.R + 0.587 * c.G + 0.114 * c.B > 150 ? "#111" : "#fff";

    public static string Hex((double R, double G, double B) c) =>
        $"#{(int)Math.Round(c.R):x2}{(int)Math.Round(c.G):x2}{(int)Math.Round(c.B):x2}";
}
