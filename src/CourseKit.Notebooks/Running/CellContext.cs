using System.Text;
using Microsoft.DotNet.Interactive;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// The outputs of the cell that is running now. Console output, <c>display(...)</c> and the
/// trailing value all append here in the order they happen, as the kernel interleaves them.
/// Found through an async-local so that several sessions (tests in parallel) never mix outputs.
/// </summary>
internal sealed class CellContext
{
    static readonly AsyncLocal<CellContext?> s_current = new();
    readonly object _gate = new();
    readonly List<CellOutput> _outputs = [];
    int _nextDisplay;

    public CellContext(int executionCount) => ExecutionCount = executionCount;

    public static CellContext? Current
    {
        get => s_current.Value;
        set => s_current.Value = value;
    }

    public int ExecutionCount { get; }

    public IReadOnlyList<CellOutput> Snapshot()
    {
        lock (_gate) return _outputs.ToList();
    }

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (_gate)
        {
            // Consecutive writes to one stream form one output, as Jupyter merges them.
            if (_outputs.Count > 0 && _outputs[^1] is StreamOutput last && last.Name == stream)
                _outputs[^1] = last with { Text = last.Text + text };
            else
                _outputs.Add(new StreamOutput(stream, text));
        }
    }

    public DisplayedValue Display(object? value, string[] mimeTypes)
    {
        var data = DisplayFormatter.Format(value, mimeTypes);
        lock (_gate)
        {
            string id = $"{ExecutionCount}-{++_nextDisplay}";
            _outputs.Add(new DisplayOutput(id, data, IsResult: false));
            return new DisplayedValue(this, id, mimeTypes);
        }
    }

    public void Update(DisplayedValue handle, object? value)
    {
        var data = DisplayFormatter.Format(value, handle.MimeTypes);
        lock (_gate)
        {
            int index = _outputs.FindIndex(o => o is DisplayOutput d && d.DisplayId == handle.DisplayId);
            if (index >= 0) _outputs[index] = ((DisplayOutput)_outputs[index]) with { Data = data };
        }
    }

    public void AddResult(object? value)
    {
        var data = DisplayFormatter.Format(value, []);
        lock (_gate) _outputs.Add(new DisplayOutput($"{ExecutionCount}-result", data, IsResult: true));
    }

    public void AddError(ErrorOutput error)
    {
        lock (_gate) _outputs.Add(error);
    }
}

/// <summary>
/// Console.Out/Error replacement installed once per process: text goes to the running cell's
/// <see cref="CellContext"/> when there is one, to the real console otherwise.
/// </summary>
internal sealed class ConsoleRouter : TextWriter
{
    static readonly object s_installGate = new();
    static bool s_installed;
    readonly TextWriter _fallback;
    readonly string _stream;

    ConsoleRouter(TextWriter fallback, string stream)
    {
        _fallback = fallback;
        _stream = stream;
    }

    public override Encoding Encoding => Encoding.UTF8;

    public static void Install()
    {
        lock (s_installGate)
        {
            if (s_installed) return;
            Console.SetOut(new ConsoleRouter(Console.Out, "stdout"));
            Console.SetError(new ConsoleRouter(Console.Error, "stderr"));
            s_installed = true;
        }
    }

    public override void Write(char value) => Write(value.ToString());

    public override void Write(string? value)
    {
        if (value is null) return;
        if (CellContext.Current is { } cell) cell.Write(_stream, value);
        else _fallback.Write(value);
    }

    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    public override void WriteLine(string? value) => Write((value ?? "") + NewLine);

    public override void Flush()
    {
        if (CellContext.Current is null) _fallback.Flush();
    }
}
