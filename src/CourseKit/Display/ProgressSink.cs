namespace CourseKit.Display;

/// <summary>Where progress goes: the notebook, a redrawn terminal line, plain log lines, or nowhere.</summary>
internal abstract class ProgressSink
{
    /// <summary>True for sinks that print a new line per update, which therefore update rarely.</summary>
    public virtual bool IsPeriodicLines => false;

    public abstract void Show(TrainingProgress progress, bool final);

    public static ProgressSink Create(ProgressOutput output, TextWriter console)
    {
        if (output == ProgressOutput.Auto)
            output = KernelDisplay.IsAvailable ? ProgressOutput.Notebook
                : ReferenceEquals(console, Console.Out) && !Console.IsOutputRedirected ? ProgressOutput.Terminal
                : ProgressOutput.Lines;
        return output switch
        {
            ProgressOutput.Notebook => new NotebookSink(),
            ProgressOutput.Terminal => new TerminalSink(console),
            ProgressOutput.Lines => new LineSink(console),
            _ => new NoSink(),
        };
    }

    /// <summary>One output displayed through the kernel, then updated in place.</summary>
    private sealed class NotebookSink : ProgressSink
    {
        private Action<object>? _update;
        private bool _noKernel;

        public override void Show(TrainingProgress progress, bool final)
        {
            if (_noKernel) return;
            if (_update is null)
            {
                _update = KernelDisplay.Display(progress);
                // Asked for a notebook but none is loaded: say it once rather than fail a training run.
                if (_update is null)
                {
                    _noKernel = true;
                    Console.Error.WriteLine("TrainingProgress: no notebook kernel is loaded; use ProgressOutput.Auto to fall back to the console.");
                }
                return;
            }
            _update(progress);
        }
    }

    /// <summary>One line rewritten in place: '\r', the text, and spaces over what the last line had beyond it.</summary>
    private sealed class TerminalSink(TextWriter console) : ProgressSink
    {
        private int _lastLength;

        public override void Show(TrainingProgress progress, bool final)
        {
            var line = Bar(progress) + " " + progress;
            // A line longer than the terminal wraps, and '\r' would then redraw only its last part.
            if (Width() is int width && line.Length >= width) line = line[..(width - 1)];
            console.Write("\r" + line + new string(' ', Math.Max(0, _lastLength - line.Length)));
            _lastLength = line.Length;
            if (final) console.WriteLine();
            console.Flush();
        }

        private int? Width()
        {
            if (!ReferenceEquals(console, Console.Out)) return null;
            try { return Console.WindowWidth > 20 ? Console.WindowWidth : null; }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or InvalidOperationException) { return null; }
        }

        private static string Bar(TrainingProgress p)
        {
            if (p.TotalSteps is null) return "";
            int filled = (int)Math.Round(p.Percent / 5);
            return "[" + new string('#', filled) + new string('-', 20 - filled) + "]";
        }
    }

    /// <summary>A plain line per update, for logs that keep every character ('\r' would pile up).</summary>
    private sealed class LineSink(TextWriter console) : ProgressSink
    {
        public override bool IsPeriodicLines => true;

        public override void Show(TrainingProgress progress, bool final)
        {
            console.WriteLine(progress.ToString());
            console.Flush();
        }
    }

    private sealed class NoSink : ProgressSink
    {
        public override void Show(TrainingProgress progress, bool final) { }
    }
}
