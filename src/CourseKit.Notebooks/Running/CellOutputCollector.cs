using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// Turns the kernel events of one submission into the outputs a Jupyter frontend saves for the
/// cell: consecutive writes to one stream become one <c>stream</c> output (nbclient joins them
/// the same way), <see cref="TryUpdate"/> rewrites a displayed output in place,
/// <c>ReturnValueProduced</c> is the <c>execute_result</c>, compiler diagnostics are written to
/// stderr, and a failed command is an <c>error</c> output named <c>Error</c> (value
/// "compilation error", or the exception's text and its lines as the traceback).
/// </summary>
internal sealed class CellOutputCollector
{
    readonly List<CellOutput> _outputs = [];
    readonly object _gate = new();
    bool _compileFailed;

    /// <summary>The failure message of the submission, once <c>CommandFailed</c> arrived.</summary>
    public string? FailureMessage { get; private set; }

    /// <summary>A copy of the outputs so far.</summary>
    public IReadOnlyList<CellOutput> Snapshot()
    {
        lock (_gate) return [.. _outputs];
    }

    /// <summary>Adds one event of the submission (or of a command it spawned, such as <c>#!time</c>'s).</summary>
    public void Add(string eventType, JsonObject body)
    {
        lock (_gate)
        {
            switch (eventType)
            {
                case "StandardOutputValueProduced": AddStream("stdout", PlainText(body)); break;
                case "StandardErrorValueProduced": AddStream("stderr", PlainText(body)); break;
                case "DisplayedValueProduced": _outputs.Add(new DisplayOutput(ValueId(body), Data(body), IsResult: false)); break;
                case "ReturnValueProduced": _outputs.Add(new DisplayOutput(ValueId(body), Data(body), IsResult: true)); break;
                case "DiagnosticsProduced": AddDiagnostics(body); break;
                case "CommandFailed":
                    FailureMessage = (string?)body["message"] ?? "The command failed.";
                    _outputs.Add(_compileFailed
                        ? new ErrorOutput("Error", "compilation error", [])
                        : new ErrorOutput("Error", FailureMessage, [FailureMessage, .. FailureMessage.Split('\n').Skip(1)]));
                    break;
            }
        }
    }

    /// <summary>Adds an error the client itself detected (a time-out, a dead kernel).</summary>
    public void AddError(ErrorOutput error)
    {
        lock (_gate) _outputs.Add(error);
    }

    /// <summary>
    /// Compiler diagnostics go to stderr, each framed by blank lines, as the kernel's Jupyter
    /// front end writes them; a cell that did not compile then fails with "compilation error".
    /// </summary>
    void AddDiagnostics(JsonObject body)
    {
        if (body["diagnostics"] is JsonArray diagnostics && diagnostics.Any(d => (string?)d?["severity"] == "error")) _compileFailed = true;
        var lines = (body["formattedDiagnostics"] as JsonArray ?? [])
            .OfType<JsonObject>().Select(d => (string?)d["value"] ?? "").Where(l => l.Length > 0).ToList();
        if (lines.Count > 0) AddStream("stderr", "\n" + string.Concat(lines.Select(l => l + "\n\n")));
    }

    void AddStream(string name, string text)
    {
        if (text.Length == 0) return;
        if (_outputs.Count > 0 && _outputs[^1] is StreamOutput last && last.Name == name)
            _outputs[^1] = last with { Text = last.Text + text };
        else
            _outputs.Add(new StreamOutput(name, text));
    }

    /// <summary>
    /// Rewrites the displayed outputs with value id <paramref name="id"/>; false when this cell has
    /// none (the value may have been displayed by an earlier cell, which the client tries next).
    /// </summary>
    public bool TryUpdate(string id, IReadOnlyDictionary<string, string> data)
    {
        if (id.Length == 0) return false;
        bool found = false;
        lock (_gate)
            for (int i = 0; i < _outputs.Count; i++)
                if (_outputs[i] is DisplayOutput { IsResult: false } d && d.DisplayId == id)
                {
                    _outputs[i] = d with { Data = data };
                    found = true;
                }
        return found;
    }

    internal static string ValueId(JsonObject body) => (string?)body["valueId"] ?? "";

    internal static IReadOnlyDictionary<string, string> Data(JsonObject body)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (body["formattedValues"] is JsonArray values)
            foreach (var v in values.OfType<JsonObject>())
                if ((string?)v["mimeType"] is { } mime && v["suppressDisplay"]?.GetValue<bool>() != true)
                    data[mime] = (string?)v["value"] ?? "";
        return data;
    }

    static string PlainText(JsonObject body) =>
        Data(body).TryGetValue("text/plain", out var text) ? text : string.Concat(Data(body).Values);
}
