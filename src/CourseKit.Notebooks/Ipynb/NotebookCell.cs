using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Ipynb;

/// <summary>
/// One cell of a notebook: a live view over the cell's JSON object, so that everything this
/// class does not know about (attachments, tool-specific metadata) survives a round trip.
/// </summary>
public sealed class NotebookCell
{
    internal NotebookCell(JsonObject json, Notebook owner)
    {
        Json = json;
        Owner = owner;
    }

    /// <summary>The cell's raw JSON object (for metadata this model does not name).</summary>
    public JsonObject Json { get; }

    internal Notebook Owner { get; }

    /// <summary><c>code</c>, <c>markdown</c> or <c>raw</c>.</summary>
    public string CellType => (string?)Json["cell_type"] ?? "";

    /// <summary>True for code cells.</summary>
    public bool IsCode => CellType == "code";

    /// <summary>The nbformat 4.5 cell id (unique within the notebook).</summary>
    public string? Id => Json["id"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The cell's metadata object (created on first access if the file had none).</summary>
    public JsonObject Metadata => GetOrCreate("metadata", () => new JsonObject());

    /// <summary>
    /// The cell's text. nbformat stores it either as one string or as a list of lines; setting it
    /// keeps whichever form the cell used, so an unchanged text writes back the same bytes.
    /// </summary>
    public string Source
    {
        get => Json["source"] switch
        {
            JsonArray lines => string.Concat(lines.Select(l => (string?)l ?? "")),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => "",
        };
        set
        {
            if (Json["source"] is JsonValue v && v.TryGetValue<string>(out _))
            {
                Json["source"] = value;
                return;
            }
            var lines = new JsonArray();
            foreach (var line in SplitLinesKeepEnds(value)) lines.Add(line);
            if (Json.ContainsKey("source")) Json["source"] = lines;
            else Json.Add("source", lines);
        }
    }

    /// <summary>
    /// The kernel the cell runs in: the Polyglot per-cell kernel name if present, otherwise the
    /// notebook's default (csharp for every notebook this project writes).
    /// </summary>
    public string KernelName =>
        (string?)Json["metadata"]?["polyglot_notebook"]?["kernelName"]
        ?? (string?)Json["metadata"]?["dotnet_interactive"]?["language"]
        ?? Owner.DefaultKernelName;

    /// <summary>The code cell's outputs array (created if missing).</summary>
    public JsonArray Outputs => GetOrCreate("outputs", () => new JsonArray());

    /// <summary>The code cell's execution count, or null when it has not run.</summary>
    public int? ExecutionCount
    {
        get => Json["execution_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;
        set => Json["execution_count"] = value is int n ? JsonValue.Create(n) : null;
    }

    T GetOrCreate<T>(string key, Func<T> create) where T : JsonNode
    {
        if (Json[key] is T existing) return existing;
        var created = create();
        Json[key] = created;
        return created;
    }

    /// <summary>Splits text into lines that keep their line endings, as Jupyter stores sources.</summary>
    public static IEnumerable<string> SplitLinesKeepEnds(string text)
    {
        int start = 0;
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] != '\n') continue;
            yield return text[start..(i + 1)];
            start = i + 1;
        }
        if (start < text.Length) yield return text[start..];
    }
}
