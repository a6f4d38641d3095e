using System.Text.Json.Nodes;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Kernel events to saved outputs, without a kernel: the event bodies are the shapes the
/// dotnet-interactive tool writes on stdout, the expected outputs what Jupyter saved for them.
/// </summary>
public class CellOutputCollectorTests
{
    static JsonObject Values(string? valueId, params (string Mime, string Value)[] values) => new()
    {
        ["formattedValues"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject { ["mimeType"] = v.Mime, ["value"] = v.Value, ["suppressDisplay"] = false }).ToArray()),
        ["valueId"] = valueId,
    };

    static JsonObject Diagnostics(params (string Severity, string Text)[] diagnostics) => new()
    {
        ["diagnostics"] = new JsonArray(diagnostics.Select(d => (JsonNode)new JsonObject { ["severity"] = d.Severity }).ToArray()),
        ["formattedDiagnostics"] = new JsonArray(diagnostics.Select(d => (JsonNode)new JsonObject { ["mimeType"] = "text/plain", ["value"] = d.Text }).ToArray()),
    };

    [Fact]
    public void Consecutive_writes_to_one_stream_become_one_output()
    {
        var c = new CellOutputCollector();
        c.Add("StandardOutputValueProduced", Values(null, ("text/plain", "a\n")));
        c.Add("StandardOutputValueProduced", Values(null, ("text/plain", "b\n")));
        c.Add("StandardErrorValueProduced", Values(null, ("text/plain", "e\n")));
        c.Add("StandardOutputValueProduced", Values(null, ("text/plain", "c\n")));
        Assert.Equal([new StreamOutput("stdout", "a\nb\n"), new StreamOutput("stderr", "e\n"), new StreamOutput("stdout", "c\n")], c.Snapshot());
    }

    [Fact]
    public void Warnings_go_to_stderr_framed_by_blank_lines_and_the_cell_still_succeeds()
    {
        var c = new CellOutputCollector();
        c.Add("DiagnosticsProduced", Diagnostics(("warning", "(1,7): warning CS8632: x"), ("warning", "(1,40): warning CS8632: y")));
        c.Add("DiagnosticsProduced", Diagnostics());
        c.Add("CommandSucceeded", []);
        Assert.Equal([new StreamOutput("stderr", "\n(1,7): warning CS8632: x\n\n(1,40): warning CS8632: y\n\n")], c.Snapshot());
    }

    [Fact]
    public void A_compile_error_fails_with_compilation_error_and_no_traceback()
    {
        var c = new CellOutputCollector();
        c.Add("DiagnosticsProduced", Diagnostics(("error", "(1,9): error CS0029: z")));
        c.Add("CommandFailed", new JsonObject { ["message"] = "(1,9): error CS0029: z" });
        var error = Assert.IsType<ErrorOutput>(c.Snapshot()[1]);
        Assert.Equal(("Error", "compilation error"), (error.EName, error.EValue));
        Assert.Empty(error.Traceback);
    }

    [Fact]
    public void An_exception_keeps_its_text_and_its_lines_become_the_traceback()
    {
        var c = new CellOutputCollector();
        c.Add("CommandFailed", new JsonObject { ["message"] = "System.Exception: boom\n   at A()\n   at B()" });
        var error = Assert.IsType<ErrorOutput>(Assert.Single(c.Snapshot()));
        Assert.Equal("System.Exception: boom\n   at A()\n   at B()", error.EValue);
        Assert.Equal(["System.Exception: boom\n   at A()\n   at B()", "   at A()", "   at B()"], error.Traceback);
    }

    [Fact]
    public void Displays_results_and_updates_by_value_id()
    {
        var c = new CellOutputCollector();
        c.Add("DisplayedValueProduced", Values("id-1", ("text/html", "<b>0%</b>")));
        c.Add("ReturnValueProduced", Values(null, ("text/plain", "done")));
        Assert.True(c.TryUpdate("id-1", new Dictionary<string, string> { ["text/html"] = "<b>100%</b>" }));
        Assert.False(c.TryUpdate("id-never-shown", new Dictionary<string, string> { ["text/html"] = "x" }));
        var outputs = c.Snapshot();
        Assert.Equal("<b>100%</b>", Assert.IsType<DisplayOutput>(outputs[0]).Data["text/html"]);
        Assert.True(Assert.IsType<DisplayOutput>(outputs[1]).IsResult);
    }
}
