using System.Text;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// The worker's Console.Out and Console.Error: keeps the start of what each check's run
/// printed (to show the student) and counts everything; past <c>limit</c> characters over the
/// whole run it calls <c>onLimit</c> once, which ends the worker with the reason. So a flood of
/// output costs the worker a counter, not memory, and stops at once.
/// </summary>
internal sealed class CappedWriter(long limit, Action onLimit) : TextWriter
{
    const int Keep = 64 * 1024;
    readonly StringBuilder _check = new();
    long _total, _dropped;
    int _fired;

    public override Encoding Encoding => Encoding.UTF8;

    /// <summary>Starts a new check's output.</summary>
    public void StartCheck()
    {
        _check.Clear();
        _dropped = 0;
    }

    /// <summary>What the current check printed, cut to <paramref name="max"/> characters with a note of the rest.</summary>
    public string CheckOutput(int max)
    {
        long more = _dropped + Math.Max(0, _check.Length - max);
        string kept = _check.Length <= max ? _check.ToString() : _check.ToString(0, max);
        return more == 0 ? kept : kept + $"\n... ({more} more characters)";
    }

    public override void Write(char value) => Append(new ReadOnlySpan<char>(in value));

    public override void Write(string? value) => Append(value);

    public override void Write(char[] buffer, int index, int count) => Append(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Append(buffer);

    void Append(ReadOnlySpan<char> text)
    {
        _total += text.Length;
        int room = Math.Max(0, Keep - _check.Length);
        _check.Append(text[..Math.Min(room, text.Length)]);
        _dropped += Math.Max(0, text.Length - room);
        if (_total > limit && Interlocked.Exchange(ref _fired, 1) == 0) onLimit();
    }
}
