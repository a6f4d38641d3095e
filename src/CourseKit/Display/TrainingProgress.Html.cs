using System.Globalization;
using System.Text;

namespace CourseKit.Display;

public sealed partial class TrainingProgress
{
    private const int SparkWidth = 240, SparkHeight = 36, SparkPoints = 120;

    /// <summary>A progress bar with the figures under it and a sparkline of the mean return.</summary>
    public string ToHtml()
    {
        var sb = new StringBuilder("<div class=\"coursekit-progress\" style=\"font:13px sans-serif;max-width:720px\">");
        sb.Append("<div style=\"display:flex;justify-content:space-between\"><b>").Append(Html.Escape(Title)).Append("</b><span>")
          .Append(TotalSteps is null ? Count(Step) + " steps" : Percent.ToString("0", CultureInfo.InvariantCulture) + "%").Append("</span></div>");
        string width = (TotalSteps is null ? 100 : Percent).ToString("0.#", CultureInfo.InvariantCulture);
        string colour = _completed ? "#16a34a" : "#2563eb";
        sb.Append("<div style=\"background:#e5e7eb;border-radius:4px;height:10px;margin:3px 0\">")
          .Append($"<div class=\"bar\" style=\"width:{width}%;background:{colour};height:10px;border-radius:4px\"></div></div>");
        var text = ToString();
        sb.Append("<div style=\"display:flex;gap:12px;align-items:center\"><span style=\"color:#333\">")
          .Append(Html.Escape(text[(Title.Length + 2)..])).Append("</span>");
        if (_returns.Count >= 2) sb.Append(Sparkline());
        return sb.Append("</div></div>").ToString();
    }

    /// <summary>The running mean return as a tiny SVG line: the learning curve at a glance while training.</summary>
    private string Sparkline()
    {
        var means = new double[_returns.Count];
        double sum = 0;
        for (int i = 0; i < means.Length; i++)
        {
            sum += _returns[i];
            if (i >= MeanOver) sum -= _returns[i - MeanOver];
            means[i] = sum / Math.Min(i + 1, MeanOver);
        }
        int n = Math.Min(SparkPoints, means.Length);
        var picked = Enumerable.Range(0, n).Select(k => means[(int)((long)k * (means.Length - 1) / Math.Max(1, n - 1))]).ToArray();
        double lo = picked.Where(double.IsFinite).DefaultIfEmpty(0).Min(), hi = picked.Where(double.IsFinite).DefaultIfEmpty(1).Max();
        if (hi <= lo) hi = lo + 1;
        var points = string.Join(" ", picked.Select((v, k) =>
            Html.Num(k * (SparkWidth - 2.0) / Math.Max(1, n - 1) + 1, "0.#") + "," +
            Html.Num(SparkHeight - 2 - (double.IsFinite(v) ? (v - lo) / (hi - lo) : 0) * (SparkHeight - 4), "0.#")));
        return $"<svg class=\"sparkline\" width=\"{SparkWidth}\" height=\"{SparkHeight}\" viewBox=\"0 0 {SparkWidth} {SparkHeight}\">" +
               $"<title>mean return over {MeanOver} episodes: {Num(lo)} to {Num(hi)}</title>" +
               $"<polyline points=\"{points}\" fill=\"none\" stroke=\"#2563eb\" stroke-width=\"1.5\"/></svg>";
    }
}
