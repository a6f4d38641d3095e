using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CourseKit.Display;

/// <summary>Where a <see cref="TrainingProgress"/> draws itself.</summary>
public enum ProgressOutput
{
    /// <summary>The notebook when a kernel is loaded; otherwise one redrawn console line on a terminal, plain lines when output is redirected.</summary>
    Auto,
    /// <summary>A live bar in the notebook output (through the kernel's <c>display(...).Update(...)</c>).</summary>
    Notebook,
    /// <summary>One console line redrawn in place with '\r'.</summary>
    Terminal,
    /// <summary>Plain periodic lines, for CI logs.</summary>
    Lines,
    /// <summary>Nothing drawn; only the callback runs.</summary>
    None,
}

/// <summary>
/// Live progress of a training run: step, steps/s, the last and mean episode return, ε, loss and ETA.
/// Call <see cref="Report"/> every step; it redraws at most <see cref="UpdatesPerSecond"/> times a second.
/// <code>
/// using var progress = new TrainingProgress(totalSteps: 50_000, title: "DQN CartPole");
/// for (int step = 0; step &lt; 50_000; step++) { ...; progress.Report(step, episodeReturn: ended ? ret : null, epsilon: eps, loss: l); }
/// </code>
/// </summary>
[TypeFormatterSource(typeof(DisplayFormatterSource), PreferredMimeTypes = [MimeTypes.Html])]
public sealed partial class TrainingProgress : IHtmlDisplayable, IDisposable
{
    private readonly Func<TimeSpan> _clock;
    private readonly Action<TrainingProgress>? _onReport;
    private readonly List<double> _returns = [];
    private readonly List<long> _returnSteps = [];
    private readonly ProgressSink _sink;
    private TimeSpan _lastDraw = TimeSpan.MinValue, _lastRateTime;
    private long _lastRateStep = -1;
    private bool _completed;

    /// <summary>Starts tracking a run of <paramref name="totalSteps"/> steps (null when unknown: no percentage, no ETA).</summary>
    /// <param name="totalSteps">Steps the run will take, or null.</param>
    /// <param name="title">Shown before the bar.</param>
    /// <param name="meanOver">How many recent episodes <see cref="MeanReturn"/> averages (100, as in CleanRL/SB3 logs).</param>
    /// <param name="onReport">Called with this object at every redraw (at most <see cref="UpdatesPerSecond"/> a second) and at the end.</param>
    /// <param name="output">Where to draw; <see cref="ProgressOutput.Auto"/> picks the notebook, a terminal line or log lines.</param>
    public TrainingProgress(long? totalSteps = null, string title = "Training", int meanOver = 100,
        Action<TrainingProgress>? onReport = null, ProgressOutput output = ProgressOutput.Auto)
        : this(totalSteps, title, meanOver, onReport, output, StartClock(), null) { }

    private static Func<TimeSpan> StartClock()
    {
        var watch = Stopwatch.StartNew();
        return () => watch.Elapsed;
    }

    internal TrainingProgress(long? totalSteps, string title, int meanOver, Action<TrainingProgress>? onReport,
        ProgressOutput output, Func<TimeSpan> clock, TextWriter? console)
    {
        if (totalSteps is <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "totalSteps must be positive (or null when unknown).");
        ArgumentOutOfRangeException.ThrowIfLessThan(meanOver, 1);
        TotalSteps = totalSteps;
        Title = title;
        MeanOver = meanOver;
        _onReport = onReport;
        _clock = clock;
        _sink = ProgressSink.Create(output, console ?? Console.Out);
    }

    /// <summary>The title.</summary>
    public string Title { get; }

    /// <summary>Total steps of the run, or null.</summary>
    public long? TotalSteps { get; }

    /// <summary>How many recent episodes <see cref="MeanReturn"/> averages.</summary>
    public int MeanOver { get; }

    /// <summary>The latest reported step.</summary>
    public long Step { get; private set; }

    /// <summary>Recent speed in environment steps per second.</summary>
    public double StepsPerSecond { get; private set; }

    /// <summary>Finished episodes so far.</summary>
    public int Episodes => _returns.Count;

    /// <summary>The return of the latest finished episode, or null.</summary>
    public double? LastReturn => _returns.Count > 0 ? _returns[^1] : null;

    /// <summary>The mean return of the last <see cref="MeanOver"/> episodes, or null.</summary>
    public double? MeanReturn => _returns.Count == 0 ? null : _returns.TakeLast(MeanOver).Average();

    /// <summary>The latest exploration rate ε, or null.</summary>
    public double? Epsilon { get; private set; }

    /// <summary>The latest loss, or null.</summary>
    public double? Loss { get; private set; }

    /// <summary>Time since the progress started.</summary>
    public TimeSpan Elapsed => _clock();

    /// <summary>Estimated time left, or null without <see cref="TotalSteps"/> or a speed yet.</summary>
    public TimeSpan? Eta => TotalSteps is { } total && StepsPerSecond > 0 ? TimeSpan.FromSeconds(Math.Max(0, total - Step) / StepsPerSecond) : null;

    /// <summary>Every finished episode's return, in order (for a learning curve).</summary>
    public IReadOnlyList<double> Returns => _returns;

    /// <summary>The step at which each episode in <see cref="Returns"/> ended.</summary>
    public IReadOnlyList<long> ReturnSteps => _returnSteps;

    /// <summary>Redraws per second in a notebook or terminal (default 4).</summary>
    public double UpdatesPerSecond { get; init; } = 4;

    /// <summary>Seconds between plain log lines when output is redirected (default 10).</summary>
    public double LineIntervalSeconds { get; init; } = 10;

    /// <summary>Records the current step and whatever is known at it; redraws when the rate limit allows.</summary>
    /// <param name="step">The environment step (0-based or 1-based, as the loop counts).</param>
    /// <param name="episodeReturn">The return of an episode that ended at this step, or null.</param>
    /// <param name="epsilon">The current exploration rate, or null.</param>
    /// <param name="loss">The latest loss, or null.</param>
    public void Report(long step, double? episodeReturn = null, double? epsilon = null, double? loss = null)
    {
        Step = step;
        if (episodeReturn is { } r) { _returns.Add(r); _returnSteps.Add(step); }
        if (epsilon is not null) Epsilon = epsilon;
        if (loss is not null) Loss = loss;

        var now = _clock();
        double interval = _sink.IsPeriodicLines ? LineIntervalSeconds : 1 / UpdatesPerSecond;
        if (_lastDraw != TimeSpan.MinValue && (now - _lastDraw).TotalSeconds < interval) return;
        Draw(now, final: false);
    }

    /// <summary>Draws the final state (once); called by <see cref="Dispose"/>.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        Draw(_clock(), final: true);
    }

    /// <summary>Completes the progress.</summary>
    public void Dispose() => Complete();

    private void Draw(TimeSpan now, bool final)
    {
        UpdateRate(now);
        _lastDraw = now;
        _sink.Show(this, final);
        _onReport?.Invoke(this);
    }

    private void UpdateRate(TimeSpan now)
    {
        if (_lastRateStep < 0) { (_lastRateStep, _lastRateTime) = (Step, now); return; }
        double seconds = (now - _lastRateTime).TotalSeconds;
        if (seconds <= 0) return;
        double recent = (Step - _lastRateStep) / seconds;
        // Smoothed so the figure does not flicker with every garbage collection.
        StepsPerSecond = StepsPerSecond == 0 ? recent : 0.7 * StepsPerSecond + 0.3 * recent;
        (_lastRateStep, _lastRateTime) = (Step, now);
    }

    /// <summary>One line: step, speed, episodes, returns, ε, loss, ETA.</summary>
    public override string ToString()
    {
        var parts = new List<string>();
        string step = TotalSteps is { } total ? $"step {Count(Step)}/{Count(total)} ({Percent:0}%)" : $"step {Count(Step)}";
        parts.Add(step);
        if (StepsPerSecond > 0) parts.Add($"{Count((long)StepsPerSecond)} steps/s");
        if (Episodes > 0) parts.Add($"ep {Count(Episodes)} return {Num(LastReturn!.Value)} (mean{(Episodes >= MeanOver ? $" of {MeanOver}" : "")} {Num(MeanReturn!.Value)})");
        if (Epsilon is { } e) parts.Add($"ε {e.ToString("0.000", CultureInfo.InvariantCulture)}");
        if (Loss is { } l) parts.Add($"loss {Num(l)}");
        if (_completed) parts.Add($"done in {Clock(Elapsed)}");
        else if (Eta is { } eta) parts.Add($"ETA {Clock(eta)}");
        return $"{Title}: " + string.Join(" | ", parts);
    }

    internal double Percent => TotalSteps is { } total ? Math.Clamp(100.0 * Step / total, 0, 100) : 0;

    internal static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    internal static string Num(double v) =>
        !double.IsFinite(v) ? v.ToString(CultureInfo.InvariantCulture)
        : v != 0 && Math.Abs(v) < 0.01 ? v.ToString("0.###e+0", CultureInfo.InvariantCulture)
        : v.ToString(Math.Abs(v) >= 1000 ? "0" : "0.0##", CultureInfo.InvariantCulture);

    internal static string Clock(TimeSpan t) =>
        t.TotalHours >= 1 ? $"{(int)t.TotalHours}:{t.Minutes:00}:{t.Seconds:00}" : $"{t.Minutes}:{t.Seconds:00}";
}
