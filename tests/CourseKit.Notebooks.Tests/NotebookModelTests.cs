using System.Text;
using CourseKit.Notebooks.Ipynb;

namespace CourseKit.Notebooks.Tests;

public class NotebookModelTests
{
    public static TheoryData<string> NotebookFiles()
    {
        var data = new TheoryData<string> { TestPaths.SampleNotebook, TestPaths.Data("kernel-behaviours.ipynb") };
        string course = Path.Combine(TestPaths.RepoRoot, "notebooks");
        foreach (var path in Directory.EnumerateFiles(course, "*.ipynb")) data.Add(path);
        return data;
    }

    [Theory]
    [MemberData(nameof(NotebookFiles))]
    public void Every_notebook_round_trips_byte_for_byte(string path)
    {
        byte[] original = File.ReadAllBytes(path);
        Assert.Equal(original, Notebook.Load(path).ToBytes());
    }

    [Fact]
    public void Other_layouts_round_trip_too_two_space_indent_crlf_bom_no_final_newline()
    {
        string json = "{\r\n  \"cells\": [\r\n    {\r\n      \"cell_type\": \"markdown\",\r\n      \"metadata\": {\r\n        \"x\": 1.50e3\r\n      },\r\n" +
                      "      \"source\": \"caf\u00e9 \\u00e9 \\\"q\\\" \\ud83d\\ude00 \\u001b\"\r\n    }\r\n  ],\r\n  \"metadata\": {},\r\n" +
                      "  \"nbformat\": 4,\r\n  \"nbformat_minor\": 4\r\n}";
        // Unescaped non-ASCII and a BOM, as some editors write them; escapes are normalised on write
        // the way Jupyter writes them, so compare against the normalised text.
        string normalised = json.Replace("\\u00e9", "\u00e9").Replace("\\ud83d\\ude00", "\U0001F600");
        byte[] bytes = [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(normalised)];
        var notebook = Notebook.FromBytes(bytes, "layout.ipynb");
        Assert.Equal("  ", notebook.Layout.Indent);
        Assert.Equal("\r\n", notebook.Layout.NewLine);
        Assert.Equal(bytes, notebook.ToBytes());
        Assert.Equal("caf\u00e9 \u00e9 \"q\" \U0001F600 \u001b", notebook.Cells[0].Source);
    }

    [Fact]
    public void Unknown_metadata_outputs_and_source_forms_are_preserved_after_edits()
    {
        var notebook = Notebook.Load(TestPaths.SampleNotebook).Clone();
        notebook.Metadata["custom_tool"] = new System.Text.Json.Nodes.JsonObject { ["keep"] = true };
        var cell = notebook.Cells[1];
        cell.Source = cell.Source + "\n// edited";
        var reread = Notebook.Parse(notebook.ToJson(), "edited.ipynb");
        Assert.Equal(true, (bool?)reread.Metadata["custom_tool"]?["keep"]);
        Assert.EndsWith("// edited", reread.Cells[1].Source);
        Assert.IsType<System.Text.Json.Nodes.JsonArray>(reread.Cells[1].Json["source"]);
        Assert.Equal(notebook.Cells.Select(c => c.Id), reread.Cells.Select(c => c.Id));
    }

    [Fact]
    public void New_notebooks_have_polyglot_csharp_metadata_cell_ids_and_a_stable_layout()
    {
        var notebook = Notebook.CreatePolyglot();
        notebook.AddMarkdown("# Title\ntext");
        var code = notebook.AddCode("var x = 1;\nx");
        notebook.EnsureCSharpKernel();
        Assert.Equal("csharp", (string?)code.Metadata["polyglot_notebook"]?["kernelName"]);
        Assert.Equal("polyglot-notebook", (string?)notebook.Metadata["language_info"]?["name"]);
        Assert.Equal(".net-csharp", (string?)notebook.Metadata["kernelspec"]?["name"]);
        Assert.All(notebook.Cells, c => Assert.Matches("^[a-f0-9]{12}$", c.Id!));
        Assert.Equal(5, (int?)notebook.Root["nbformat_minor"]);
        string text = notebook.ToJson();
        Assert.StartsWith("{\n \"cells\": [\n", text);
        Assert.EndsWith("}\n", text);
        Assert.Equal(text, Notebook.Parse(text).ToJson());
        Assert.Equal(["var x = 1;\n", "x"], code.Json["source"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public void Bad_json_reports_line_and_column()
    {
        var e = Assert.Throws<NotebookFormatException>(() => Notebook.Parse("{\n \"cells\": [\n  {,\n ]\n}", "broken.ipynb"));
        Assert.Equal(3, e.Line);
        Assert.Equal(4, e.Column);
        Assert.Contains("broken.ipynb: not valid JSON at line 3, column 4", e.Message);
    }

    [Theory]
    [InlineData("[1, 2]", "not a notebook: the JSON document is not an object")]
    [InlineData("{\"nbformat\": 4, \"nbformat_minor\": 5, \"metadata\": {}}", "not a notebook: no \"cells\" array")]
    [InlineData("{\"cells\": []}", "no \"nbformat\" version number")]
    [InlineData("{\"cells\": [], \"nbformat\": 3}", "nbformat 3 is not supported")]
    [InlineData("{\"cells\": [{\"cell_type\": \"code\"}], \"nbformat\": 4}", "cell 1 has no \"source\"")]
    [InlineData("{\"cells\": [{\"cell_type\": \"python\", \"source\": \"\"}], \"nbformat\": 4}", "cell 1 has cell_type 'python'")]
    [InlineData("{\"cells\": [{\"cell_type\": \"raw\", \"id\": \"a\", \"source\": \"\"}, {\"cell_type\": \"raw\", \"id\": \"a\", \"source\": \"\"}], \"nbformat\": 4}", "repeats the cell id 'a'")]
    [InlineData("{\"cells\": [{\"cell_type\": \"raw\", \"id\": \"has space\", \"source\": \"\"}], \"nbformat\": 4}", "invalid id 'has space'")]
    public void Malformed_notebooks_get_clear_messages(string json, string expected)
    {
        var e = Assert.Throws<NotebookFormatException>(() => Notebook.Parse(json, "bad.ipynb"));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("bad.ipynb:", e.Message);
    }

    [Fact]
    public void A_python_notebook_is_refused_with_what_to_do()
    {
        var notebook = Notebook.Parse("""{"cells": [], "metadata": {"kernelspec": {"language": "python", "name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}""", "py.ipynb");
        var e = Assert.Throws<NotebookFormatException>(notebook.EnsureCSharpKernel);
        Assert.Contains("kernel is not C# (found: python)", e.Message);
    }

    [Fact]
    public void Missing_file_and_non_utf8_file_are_clear_errors()
    {
        var missing = Assert.Throws<NotebookFormatException>(() => Notebook.Load("/no/such/notebook.ipynb"));
        Assert.Contains("notebook not found", missing.Message);
        var binary = Assert.Throws<NotebookFormatException>(() => Notebook.FromBytes([0xFF, 0xFE, 0x00, 0x81], "bin.ipynb"));
        Assert.Contains("not a UTF-8 text file", binary.Message);
    }

    [Fact]
    public void Save_is_atomic_and_leaves_no_temporary_files()
    {
        string dir = TestPaths.NewTempDir();
        string target = Path.Combine(dir, "sub", "out.ipynb");
        var notebook = Notebook.Load(TestPaths.SampleNotebook);
        notebook.Save(target);
        notebook.Save(target); // overwrite
        Assert.Equal(File.ReadAllBytes(TestPaths.SampleNotebook), File.ReadAllBytes(target));
        Assert.Single(Directory.EnumerateFileSystemEntries(Path.Combine(dir, "sub")));
    }
}
