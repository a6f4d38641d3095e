using CourseKit.Display;

namespace CourseKit.Tests.Plots
{
    [Collection(nameof(KernelShimCollection))]
    public class TrainingProgressTests
    {
        private TimeSpan _now;

        private TrainingProgress Make(ProgressOutput output, TextWriter? console = null, long? total = 1000, Action<TrainingProgress>? onReport = null) =>
            new(total, "DQN", meanOver: 3, onReport, output, () => _now, console ?? TextWriter.Null);

        [Fact]
        public void FiguresFollowTheReports()
        {
            var p = Make(ProgressOutput.None);
            p.Report(0);
            _now = TimeSpan.FromSeconds(1);
            p.Report(200, episodeReturn: 10, epsilon: 0.5, loss: 0.25);
            Assert.Equal(200, p.StepsPerSecond, 6);
            Assert.Equal(TimeSpan.FromSeconds(4), p.Eta);
            foreach (var r in new[] { 20.0, 30.0, 40.0 }) p.Report(300, episodeReturn: r);
            Assert.Equal(4, p.Episodes);
            Assert.Equal(40, p.LastReturn);
            Assert.Equal(30, p.MeanReturn);   // mean of the last 3
            Assert.Equal([200L, 300, 300, 300], p.ReturnSteps);
            Assert.Equal(0.5, p.Epsilon);
            Assert.Equal("DQN: step 300/1,000 (30%) | 200 steps/s | ep 4 return 40.0 (mean of 3 30.0) | ε 0.500 | loss 0.25 | ETA 0:03", p.ToString());
        }

        [Fact]
        public void RedrawsAreRateLimitedAndTheCallbackSeesEachRedraw()
        {
            int calls = 0;
            var p = Make(ProgressOutput.None, onReport: _ => calls++);
            for (int step = 0; step < 1000; step++)
            {
                _now = TimeSpan.FromMilliseconds(step);   // 1000 reports over one second
                p.Report(step);
            }
            Assert.InRange(calls, 4, 5);   // ≤ 4 per second, plus the first
            p.Complete();
            p.Dispose();
            Assert.InRange(calls, 5, 6);   // the final state once
        }

        [Fact]
        public void PlainLinesForLogsArePeriodic()
        {
            var log = new StringWriter();
            var p = Make(ProgressOutput.Lines, log);
            for (int s = 0; s <= 1000; s += 10)
            {
                _now = TimeSpan.FromSeconds(s / 20.0);    // 50 seconds in all
                p.Report(s, episodeReturn: s % 100 == 0 ? s : null);
            }
            p.Complete();
            var lines = log.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.InRange(lines.Length, 5, 7);    // every 10 s and the end
            Assert.DoesNotContain('\r', log.ToString());
            Assert.StartsWith("DQN: step 1,000/1,000 (100%)", lines[^1]);
            Assert.Contains("done in 0:50", lines[^1]);
        }

        [Fact]
        public void TheTerminalLineIsRedrawnInPlace()
        {
            var console = new StringWriter();
            var p = Make(ProgressOutput.Terminal, console);
            p.Report(0);
            _now = TimeSpan.FromSeconds(1);
            p.Report(500);
            p.Complete();
            var text = console.ToString();
            Assert.Equal(3, text.Count(c => c == '\r'));
            Assert.Contains("[##########----------] DQN: step 500/1,000 (50%)", text);
            Assert.EndsWith(Environment.NewLine, text);
            Assert.Single(text.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        }

        [Fact]
        public void HtmlShowsABarTheFiguresAndASparkline()
        {
            var p = Make(ProgressOutput.None);
            _now = TimeSpan.FromSeconds(1);
            foreach (var (s, r) in new[] { (100L, 1.0), (200L, 5.0), (300L, 9.0) }) p.Report(s, episodeReturn: r);
            var html = p.ToHtml();
            Assert.Contains("width:30%", html);
            Assert.Contains("ep 3 return 9.0", html);
            Assert.Contains("<polyline", html);
            Assert.True(Formatting.TryFormat(p, MimeTypes.Html, out var formatted));
            Assert.Contains("coursekit-progress", formatted);
            Assert.Throws<ArgumentOutOfRangeException>(() => new TrainingProgress(totalSteps: 0));
        }

        [Fact]
        public void InANotebookTheBarIsDisplayedOnceAndThenUpdatedInPlace()
        {
            Microsoft.DotNet.Interactive.Kernel.Reset();
            Assert.True(KernelDisplay.IsAvailable);
            var p = Make(ProgressOutput.Auto);
            p.Report(0);
            _now = TimeSpan.FromSeconds(1);
            p.Report(400, episodeReturn: 3);
            p.Complete();

            var shown = Microsoft.DotNet.Interactive.Kernel.Displayed;
            Assert.Single(shown);
            Assert.Equal(2, shown[0].Updates.Count);
            Assert.Contains("width:40%", shown[0].Updates[0]);
            Assert.Contains("done in", shown[0].Updates[^1]);
        }
    }

    [CollectionDefinition(nameof(KernelShimCollection), DisableParallelization = true)]
    public sealed class KernelShimCollection;
}

// A stand-in for the .NET Interactive kernel, shaped like the headless runner's shim: a static
// display(object, params string[]) returning a value with Update(object). Formats through the
// same convention the real kernel uses.
namespace Microsoft.DotNet.Interactive
{
    public static class Kernel
    {
        public static List<DisplayedValue> Displayed { get; } = [];

        public static void Reset() => Displayed.Clear();

        public static DisplayedValue display(object value, params string[] mimeTypes)
        {
            var shown = new DisplayedValue();
            Displayed.Add(shown);
            shown.Render(value);
            return shown;
        }
    }

    public sealed class DisplayedValue
    {
        public List<string> Updates { get; } = [];
        public string? First { get; private set; }

        internal void Render(object value)
        {
            CourseKit.Display.Formatting.TryFormat(value, "text/html", out var html);
            First = html;
        }

        public void Update(object value)
        {
            CourseKit.Display.Formatting.TryFormat(value, "text/html", out var html);
            Updates.Add(html);
        }
    }
}
