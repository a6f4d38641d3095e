using System.Text.Json.Nodes;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>Runs Data/kernel-behaviours.ipynb once in the real kernel and checks each behaviour by cell id.</summary>
public sealed class KernelBehaviourFixture
{
    public KernelBehaviourFixture()
    {
        var notebook = Notebook.Load(TestPaths.Data("kernel-behaviours.ipynb"));
        Result = NotebookRunner.RunAsync(notebook, Path.GetDirectoryName(TestPaths.Data("x"))!, new RunOptions { ContinueOnError = true })
            .GetAwaiter().GetResult();
    }

    public NotebookRunResult Result { get; }

    public NotebookCell Cell(string id) => Result.Executed.Cells.Single(c => c.Id == id);
}

/// <summary>
/// What the dotnet-interactive C# kernel does with each kind of cell, saved the way Jupyter saves
/// it: values as text/html alone (strings as text/plain), diagnostics on stderr, errors named
/// <c>Error</c>. These pin the protocol client as much as the kernel.
/// </summary>
public class KernelBehaviourTests(KernelBehaviourFixture run) : IClassFixture<KernelBehaviourFixture>
{
    JsonArray Outputs(string id) => run.Cell(id).Outputs;

    static string Text(JsonNode? lines) => lines is JsonArray a ? string.Concat(a.Select(l => (string?)l)) : (string?)lines ?? "";

    JsonObject Single(string id, string outputType)
    {
        var outputs = Outputs(id);
        Assert.True(outputs.Count == 1, $"{id}: expected one output, got {outputs.ToJsonString()}");
        var o = outputs[0]!.AsObject();
        Assert.Equal(outputType, (string?)o["output_type"]);
        return o;
    }

    /// <summary>The kernel shows a non-string value as HTML only: a &lt;pre&gt; in a plaintext div.</summary>
    string Result(string id)
    {
        var data = Single(id, "execute_result")["data"]!.AsObject();
        Assert.Equal(["text/html"], data.Select(kv => kv.Key));
        var html = Text(data["text/html"]);
        var match = System.Text.RegularExpressions.Regex.Match(html, "<pre>(.*?)</pre>");
        Assert.True(match.Success, html);
        return System.Net.WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [Fact]
    public void Trailing_expression_is_an_html_execute_result_with_its_count()
    {
        Assert.Equal("2", Result("trailing-expression"));
        Assert.Equal(1, (int?)Single("trailing-expression", "execute_result")["execution_count"]);
        Assert.Equal(1, run.Cell("trailing-expression").ExecutionCount);
    }

    [Fact]
    public void Declaration_and_void_call_show_no_value()
    {
        Assert.Empty(Outputs("declaration-shows-nothing"));
        var o = Single("void-call-shows-nothing", "stream");
        Assert.Equal("hello from stdout\n", Text(o["text"]));
    }

    [Fact]
    public void A_compile_error_goes_to_stderr_and_the_error_says_compilation_error()
    {
        var outputs = Outputs("statement-expression-is-error");
        Assert.Equal(2, outputs.Count);
        Assert.Equal("stderr", (string?)outputs[0]!["name"]);
        Assert.StartsWith("\n(1,1): error CS0201: ", Text(outputs[0]!["text"]));
        Assert.Equal("Error", (string?)outputs[1]!["ename"]);
        Assert.Equal("compilation error", (string?)outputs[1]!["evalue"]);
        Assert.Empty(outputs[1]!["traceback"]!.AsArray());
    }

    [Fact]
    public void State_usings_and_failed_cells_behave_like_the_kernel()
    {
        Assert.Equal("50", Result("state-carries-over"));
        Assert.Equal("True", Result("using-carries-over-2"));
        Assert.Equal("6", Result("state-survives-exception"));
    }

    [Fact]
    public void Stderr_and_interleaving_keep_their_order()
    {
        Assert.Equal("to stderr\n", Text(Single("stderr", "stream")["text"]));
        Assert.Equal("stderr", (string?)Single("stderr", "stream")["name"]);
        var outputs = Outputs("interleaved-order").Select(o => (string?)o!["output_type"]).ToList();
        Assert.Equal(["stream", "display_data", "stream"], outputs);
    }

    [Fact]
    public void Default_imports_and_top_level_await_work() => Assert.Equal("[ 1, 4, 9 ]", Result("default-imports"));

    [Fact]
    public void Display_Update_targets_an_id_that_was_never_shown_in_this_kernel()
    {
        // The kernel's own bug: display(x) returns a value whose id differs from the one it showed.
        var o = Single("display-and-update", "display_data");
        Assert.Equal("step 0", Text(o["data"]!["text/plain"]));
    }

    [Fact]
    public void Displaying_through_the_current_context_updates_in_place_even_from_a_later_cell()
    {
        var o = Single("display-update-workaround", "display_data");
        Assert.Equal("step 4", Text(o["data"]!["text/plain"]));
        Assert.Empty(Outputs("update-from-a-later-cell"));
    }

    [Fact]
    public void Html_helper_gives_text_html_and_the_kernels_CS1701_warning()
    {
        var outputs = Outputs("html");
        var data = outputs[0]!["data"]!.AsObject();
        Assert.Equal("<b>bold</b>", Text(data["text/html"]));
        Assert.False(data.ContainsKey("text/plain"));
        // The kernel compiles against two versions of Microsoft.AspNetCore.Html.Abstractions and, unlike
        // an SDK project, does not silence CS1701: any cell that touches HTML(...) gets the warning.
        Assert.Contains("warning CS1701", Text(outputs[1]!["text"]));
    }

    [Fact]
    public void Strings_are_plain_text_and_null_shows_as_null()
    {
        Assert.Equal("<null>", Result("null-result"));
        Assert.Equal("0", Result("csharp14-field-keyword"));
    }

    [Fact]
    public void Formatter_convention_is_found_by_attribute_name()
    {
        var data = Single("formatter-convention", "execute_result")["data"]!.AsObject();
        Assert.Equal("<div style='background:teal'>swatch</div>", Text(data["text/html"]));
    }

    [Fact]
    public void Runtime_exception_is_an_Error_with_the_exception_text_and_its_lines_as_traceback()
    {
        var o = Single("runtime-exception", "error");
        Assert.Equal("Error", (string?)o["ename"]);
        Assert.StartsWith("System.InvalidOperationException: boom\n", (string?)o["evalue"]);
        var traceback = o["traceback"]!.AsArray().Select(l => (string?)l).ToList();
        Assert.Equal((string?)o["evalue"], traceback[0]);
        Assert.StartsWith("   at ", traceback[1]);
    }

    [Fact]
    public void Magic_commands_time_csharp_and_fsharp_work()
    {
        var time = Single("magic-time", "display_data");
        Assert.Matches(@"^Wall time: [\d.]+ms$", Text(time["data"]!["text/plain"]));
        Assert.Equal("499500", Result("csharp-selector"));
        Assert.Equal("42", Result("other-kernel"));
    }

    [Fact]
    public void Execution_counts_are_consecutive_and_markdown_is_untouched()
    {
        var counts = run.Result.Executed.Cells.Where(c => c.IsCode).Select(c => c.ExecutionCount).ToList();
        Assert.Equal(Enumerable.Range(1, counts.Count).Select(i => (int?)i), counts);
        Assert.Equal(Notebook.Load(TestPaths.Data("kernel-behaviours.ipynb")).Cells[0].Json.ToJsonString(), run.Result.Executed.Cells[0].Json.ToJsonString());
        Assert.False(run.Result.Succeeded);
    }
}
