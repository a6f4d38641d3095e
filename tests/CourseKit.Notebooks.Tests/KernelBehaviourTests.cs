using System.Text.Json.Nodes;
using CourseKit.Notebooks.Ipynb;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>Runs Data/kernel-behaviours.ipynb once and checks each behaviour by cell id.</summary>
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

    string Result(string id) => Text(Single(id, "execute_result")["data"]!["text/plain"]);

    [Fact]
    public void Trailing_expression_is_shown_as_execute_result_with_its_count()
    {
        var o = Single("trailing-expression", "execute_result");
        Assert.Equal("2", Text(o["data"]!["text/plain"]));
        Assert.Equal(1, (int?)o["execution_count"]);
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
    public void Expression_statement_with_semicolon_is_a_compile_error_as_in_the_kernel()
    {
        var o = Single("statement-expression-is-error", "error");
        Assert.Equal("CompilationError", (string?)o["ename"]);
        Assert.Contains("(1,1): error CS0201", (string?)o["evalue"]);
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
    public void Display_update_replaces_the_output_in_place()
    {
        var o = Single("display-and-update", "display_data");
        Assert.Equal("step 3", Text(o["data"]!["text/plain"]));
    }

    [Fact]
    public void Html_helper_gives_text_html()
    {
        var data = Single("html", "display_data")["data"]!.AsObject();
        Assert.Equal("<b>bold</b>", Text(data["text/html"]));
        Assert.False(data.ContainsKey("text/plain"));
    }

    [Fact]
    public void Null_value_and_csharp14_field_keyword()
    {
        Assert.Equal("<null>", Result("null-result"));
        Assert.Equal("0", Result("csharp14-field-keyword"));
    }

    [Fact]
    public void Formatter_convention_is_found_by_attribute_name()
    {
        var data = Single("formatter-convention", "execute_result")["data"]!.AsObject();
        Assert.Equal("<div style='background:teal'>swatch</div>", Text(data["text/html"]));
        Assert.Equal("Swatch { Color = teal }", Text(data["text/plain"]));
    }

    [Fact]
    public void Runtime_exception_is_an_error_output_with_type_message_and_traceback()
    {
        var o = Single("runtime-exception", "error");
        Assert.Equal("System.InvalidOperationException", (string?)o["ename"]);
        Assert.Equal("boom", (string?)o["evalue"]);
        Assert.StartsWith("System.InvalidOperationException: boom", (string?)o["traceback"]![0]);
    }

    [Fact]
    public void Magic_commands_time_and_csharp_selector()
    {
        Assert.Matches(@"^Wall time: [\d.]+ms\n$", Text(Single("magic-time", "stream")["text"]));
        Assert.Equal("499500", Result("csharp-selector"));
    }

    [Fact]
    public void Unknown_nuget_package_and_other_kernels_are_clear_errors()
    {
        Assert.Contains("'Newtonsoft.Json' cannot be loaded", (string?)Single("nuget-unknown", "error")["evalue"]);
        Assert.Contains("'#!fsharp' switches to another kernel", (string?)Single("other-kernel", "error")["evalue"]);
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
