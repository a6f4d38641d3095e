namespace CourseKit.Envs;

/// <summary>
/// The return, length and wall-clock time of one finished episode: what <see cref="RecordEpisodeStatistics{TObs, TAct}"/>
/// puts in <c>info["episode"]</c>. Index it like Gymnasium's dict: <c>stats["r"]</c>, <c>stats["l"]</c>, <c>stats["t"]</c>.
/// </summary>
/// <param name="Return">The sum of the episode's rewards (Gymnasium's <c>r</c>).</param>
/// <param name="Length">The number of steps (Gymnasium's <c>l</c>).</param>
/// <param name="Seconds">Wall-clock seconds since Reset (Gymnasium's <c>t</c>).</param>
public sealed record EpisodeStatistics(double Return, int Length, double Seconds)
{
    /// <summary>Gymnasium's keys: <c>"r"</c> return, <c>"l"</c> length, <c>"t"</c> seconds.</summary>
    public double this[string key] => key switch
    {
        "r" => Return,
        "l" => Length,
        "t" => Seconds,
        _ => throw new KeyNotFoundException($"episode statistics have the keys \"r\" (return), \"l\" (length) and \"t\" (seconds), not \"{key}\""),
    };
}

/// <summary>Reads the statistics <see cref="RecordEpisodeStatistics{TObs, TAct}"/> adds to a final step's info.</summary>
public static class EpisodeInfo
{
    /// <summary>The episode's statistics if this info ends an episode, else false.</summary>
    public static bool TryGetEpisode(this IReadOnlyDictionary<string, object> info, out EpisodeStatistics episode)
    {
        if (info.TryGetValue(RecordEpisodeStatistics<int, int>.Key, out var value) && value is EpisodeStatistics stats)
        {
            episode = stats;
            return true;
        }
        episode = null!;
        return false;
    }
}

/// <summary>
/// Adds <c>info["episode"]</c> = <see cref="EpisodeStatistics"/> (return <c>r</c>, length <c>l</c>, time <c>t</c>)
/// to the step that ends each episode, and keeps the last <c>bufferLength</c> returns and lengths.
/// </summary>
public sealed class RecordEpisodeStatistics<TObs, TAct> : Wrapper<TObs, TAct>
{
    internal const string Key = "episode";

    readonly Queue<double> _returns = new();
    readonly Queue<int> _lengths = new();
    readonly int _bufferLength;
    double _return;
    int _length;
    long _startTimestamp;

    /// <summary>Records <paramref name="env"/>'s episodes, remembering the last <paramref name="bufferLength"/>.</summary>
    public RecordEpisodeStatistics(Env<TObs, TAct> env, int bufferLength = 100) : base(env)
    {
        if (bufferLength <= 0) throw new ArgumentOutOfRangeException(nameof(bufferLength), bufferLength, "the buffer must hold at least one episode");
        _bufferLength = bufferLength;
    }

    /// <summary>How many episodes have finished.</summary>
    public int EpisodeCount { get; private set; }

    /// <summary>Returns of the most recent finished episodes, oldest first.</summary>
    public IReadOnlyCollection<double> ReturnQueue => _returns;

    /// <summary>Lengths of the most recent finished episodes, oldest first.</summary>
    public IReadOnlyCollection<int> LengthQueue => _lengths;

    /// <inheritdoc/>
    public override (TObs obs, IReadOnlyDictionary<string, object> info) Reset(int? seed = null)
    {
        var result = Inner.Reset(seed);
        Started();
        return result;
    }

    /// <inheritdoc/>
    public override Step<TObs> Step(TAct action)
    {
        var s = Inner.Step(action);
        var info = Count(s.Reward, s.Terminated || s.Truncated, s.Info);
        return ReferenceEquals(info, s.Info) ? s : s with { Info = info };
    }

    internal override IReadOnlyDictionary<string, object> ResetInto(int? seed, Span<float> observation)
    {
        var info = Inner.ResetInto(seed, observation);
        Started();
        return info;
    }

    internal override StepOutcome StepInto(TAct action, Span<float> observation)
    {
        var o = Inner.StepInto(action, observation);
        var info = Count(o.Reward, o.Terminated || o.Truncated, o.Info);
        return ReferenceEquals(info, o.Info) ? o : o with { Info = info };
    }

    void Started()
    {
        _return = 0;
        _length = 0;
        _startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    IReadOnlyDictionary<string, object> Count(double reward, bool done, IReadOnlyDictionary<string, object> info)
    {
        _return += reward;
        _length++;
        if (!done) return info;
        if (info.ContainsKey(Key))
            throw new InvalidOperationException($"{EnvErrors.Name(Id)}: info already holds \"{Key}\"; is RecordEpisodeStatistics applied twice?");
        double seconds = Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(_startTimestamp).TotalSeconds, 6);
        var stats = new EpisodeStatistics(_return, _length, seconds);
        Remember(_returns, _return);
        Remember(_lengths, _length);
        EpisodeCount++;
        _startTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();
        return info.With(Key, stats);
    }

    void Remember<T>(Queue<T> queue, T value)
    {
        if (queue.Count == _bufferLength) queue.Dequeue();
        queue.Enqueue(value);
    }
}
