namespace CourseKit.Plots;

/// <summary>
/// Reduces a long series to a few thousand points for display. A browser that draws 100,000 SVG
/// points freezes VS Code; per bucket we keep the minimum and the maximum (in their original order),
/// so spikes and the noise envelope of a learning curve survive, which an average would hide.
/// The chart keeps the full data; only the JSON sent to plotly.js is reduced.
/// </summary>
internal static class Downsample
{
    /// <summary>Indexes of the points to draw: all of them when the length ≤ <paramref name="maxPoints"/>.</summary>
    public static int[] MinMaxIndexes(ReadOnlySpan<double> y, int maxPoints)
    {
        int n = y.Length;
        if (n <= maxPoints || maxPoints < 4)
        {
            var all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            return all;
        }

        // First and last points always stay, so the x range of the chart does not shrink.
        int buckets = (maxPoints - 2) / 2;
        var keep = new List<int>(maxPoints) { 0 };
        double size = (double)(n - 2) / buckets;
        for (int b = 0; b < buckets; b++)
        {
            int start = 1 + (int)(b * size);
            int end = Math.Min(n - 1, 1 + (int)((b + 1) * size));
            if (start >= end) continue;
            int lo = start, hi = start;
            for (int i = start + 1; i < end; i++)
            {
                if (y[i] < y[lo]) lo = i;
                if (y[i] > y[hi]) hi = i;
            }
            if (lo == hi) keep.Add(lo);
            else
            {
                keep.Add(Math.Min(lo, hi));
                keep.Add(Math.Max(lo, hi));
            }
        }
        keep.Add(n - 1);
        return [.. keep];
    }
}
