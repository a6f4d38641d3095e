using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CourseKit.Rl;

/// <summary>
/// Scalars per training step (return, loss, ε, ...), kept in memory for plots and optionally appended to
/// a CSV (<c>step,name,value</c>) or JSON-lines file as they arrive: the course's TensorBoard.
/// </summary>
public sealed class ExperimentLog
{
    private readonly Dictionary<string, (List<long> steps, List<double> values)> _series = new();
    private readonly string? _path;
    private readonly bool _json;

    /// <summary>Creates a log; with a path, every scalar is also appended to that file (".jsonl" for JSON lines, else CSV).</summary>
    public ExperimentLog(string? path = null)
    {
        _path = path;
        _json = path is not null && path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase);
        if (path is not null)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir is not null) Directory.CreateDirectory(dir);
            if (!_json && (!File.Exists(path) || new FileInfo(path).Length == 0)) File.WriteAllText(path, "step,name,value\n");
        }
    }

    /// <summary>The names logged so far.</summary>
    public IReadOnlyCollection<string> Names => _series.Keys;

    /// <summary>Records <paramref name="value"/> for <paramref name="name"/> at <paramref name="step"/>.</summary>
    public void Log(long step, string name, double value)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains(',') || name.Contains('\n'))
            throw new ArgumentException($"ExperimentLog.Log: '{name}' is not a usable name (non-empty, no commas or newlines).");
        if (!_series.TryGetValue(name, out var s)) _series[name] = s = (new List<long>(), new List<double>());
        s.steps.Add(step);
        s.values.Add(value);
        if (_path is null) return;
        string line = _json
            ? JsonSerializer.Serialize(new { step, name, value = double.IsFinite(value) ? (object)value : value.ToString(CultureInfo.InvariantCulture) }) + "\n"
            : $"{step},{name},{value.ToString("R", CultureInfo.InvariantCulture)}\n";
        File.AppendAllText(_path, line, Encoding.UTF8);
    }

    /// <summary>Records several scalars at one step.</summary>
    public void Log(long step, params (string name, double value)[] scalars)
    {
        foreach (var (n, v) in scalars) Log(step, n, v);
    }

    /// <summary>The steps and values logged under <paramref name="name"/>.</summary>
    public (long[] steps, double[] values) Series(string name)
    {
        if (!_series.TryGetValue(name, out var s))
            throw new KeyNotFoundException($"ExperimentLog: nothing was logged under '{name}'. Logged names: {string.Join(", ", _series.Keys)}.");
        return (s.steps.ToArray(), s.values.ToArray());
    }

    /// <summary>Reads a log written by an <see cref="ExperimentLog"/> (CSV or JSON lines).</summary>
    public static ExperimentLog Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"ExperimentLog.Read: no log at '{Path.GetFullPath(path)}'.", path);
        var log = new ExperimentLog();
        int lineNo = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNo++;
            if (line.Length == 0 || (lineNo == 1 && line.StartsWith("step,", StringComparison.Ordinal))) continue;
            try
            {
                if (line.TrimStart().StartsWith('{'))
                {
                    using var doc = JsonDocument.Parse(line);
                    var r = doc.RootElement;
                    var v = r.GetProperty("value");
                    double value = v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.Parse(v.GetString()!, CultureInfo.InvariantCulture);
                    log.Log(r.GetProperty("step").GetInt64(), r.GetProperty("name").GetString()!, value);
                }
                else
                {
                    var parts = line.Split(',');
                    if (parts.Length != 3) throw new FormatException("expected 3 comma-separated fields");
                    log.Log(long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], double.Parse(parts[2], CultureInfo.InvariantCulture));
                }
            }
            catch (Exception e) when (e is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
            {
                throw new InvalidDataException($"ExperimentLog.Read: line {lineNo} of '{path}' is not a log record ({e.Message}): {line}", e);
            }
        }
        return log;
    }
}
