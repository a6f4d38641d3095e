using System.Text.Json.Nodes;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Running;

/// <summary>
/// Cell outputs as nbformat 4 output objects (keys in the sorted order Jupyter writes; text as
/// lists of lines as Jupyter stores multi-line strings).
/// </summary>
public static class OutputJson
{
    /// <summary>The nbformat JSON object of one output.</summary>
    public static JsonObject ToJson(CellOutput output, int executionCount) => output switch
    {
        StreamOutput s => new JsonObject
        {
            ["name"] = s.Name,
            ["output_type"] = "stream",
            ["text"] = Lines(s.Text),
        },
        DisplayOutput { IsResult: true } d => new JsonObject
        {
            ["data"] = Data(d.Data),
            ["execution_count"] = executionCount,
            ["metadata"] = new JsonObject(),
            ["output_type"] = "execute_result",
        },
        DisplayOutput d => new JsonObject
        {
            ["data"] = Data(d.Data),
            ["metadata"] = new JsonObject(),
            ["output_type"] = "display_data",
        },
        ErrorOutput e => new JsonObject
        {
            ["ename"] = e.EName,
            ["evalue"] = e.EValue,
            ["output_type"] = "error",
            ["traceback"] = new JsonArray(e.Traceback.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray()),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(output)),
    };

    static JsonObject Data(IReadOnlyDictionary<string, string> data)
    {
        var result = new JsonObject();
        foreach (var (mime, text) in data.OrderBy(kv => kv.Key, StringComparer.Ordinal)) result[mime] = Lines(text);
        return result;
    }

    static JsonArray Lines(string text) =>
        new(NotebookCell.SplitLinesKeepEnds(text).Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
}
