using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CourseKit.Notebooks.Ipynb;

/// <summary>
/// A Jupyter notebook (nbformat 4) as a thin, lossless view over its JSON: cells, metadata and
/// outputs this model does not understand are kept as they are, and a notebook that is read and
/// written back unchanged gives the same bytes.
/// </summary>
public sealed partial class Notebook
{
    readonly List<NotebookCell> _cells;

    Notebook(JsonObject root, NotebookLayout layout, string sourceName)
    {
        Root = root;
        Layout = layout;
        SourceName = sourceName;
        _cells = Validate(root, sourceName).Select(c => new NotebookCell(c, this)).ToList();
    }

    /// <summary>The notebook's whole JSON document.</summary>
    public JsonObject Root { get; }

    /// <summary>The byte layout the file had (indent, line endings), reused when writing.</summary>
    public NotebookLayout Layout { get; }

    /// <summary>The file name used in error messages.</summary>
    public string SourceName { get; }

    /// <summary>The cells, in order.</summary>
    public IReadOnlyList<NotebookCell> Cells => _cells;

    /// <summary>The notebook-level metadata object.</summary>
    public JsonObject Metadata => Root["metadata"] as JsonObject ?? (JsonObject)(Root["metadata"] = new JsonObject());

    /// <summary>The Polyglot default kernel name, <c>csharp</c> when the notebook does not say.</summary>
    public string DefaultKernelName =>
        (string?)Root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"] ?? "csharp";

    /// <summary>Reads a notebook file. Throws <see cref="NotebookFormatException"/> with a clear message.</summary>
    public static Notebook Load(string path)
    {
        if (!File.Exists(path))
            throw new NotebookFormatException($"{path}: notebook not found.");
        byte[] bytes = File.ReadAllBytes(path);
        return FromBytes(bytes, path);
    }

    /// <summary>Parses a notebook from the bytes of an .ipynb file.</summary>
    public static Notebook FromBytes(byte[] bytes, string sourceName)
    {
        bool bom = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, bom ? 3 : 0, bytes.Length - (bom ? 3 : 0));
        }
        catch (DecoderFallbackException e)
        {
            throw new NotebookFormatException($"{sourceName}: not a UTF-8 text file, so not a notebook.", e);
        }
        return Parse(text, sourceName, bom);
    }

    /// <summary>Parses a notebook from its JSON text.</summary>
    public static Notebook Parse(string json, string sourceName = "notebook", bool byteOrderMark = false)
    {
        var node = NotebookJson.Parse(json, sourceName);
        if (node is not JsonObject root)
            throw new NotebookFormatException($"{sourceName}: not a notebook: the JSON document is not an object.");
        return new Notebook(root, NotebookLayout.Detect(json, byteOrderMark), sourceName);
    }

    /// <summary>
    /// A new, empty nbformat 4.5 notebook with the C# kernel metadata VS Code's Polyglot
    /// Notebooks extension writes, so it opens with the C# kernel selected.
    /// </summary>
    public static Notebook CreatePolyglot()
    {
        var root = new JsonObject
        {
            ["cells"] = new JsonArray(),
            ["metadata"] = PolyglotMetadata.ForNotebook(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        return new Notebook(root, NotebookLayout.Default, "new notebook");
    }

    /// <summary>Appends a C# code cell with Polyglot cell metadata and a fresh id.</summary>
    public NotebookCell AddCode(string source)
    {
        var json = new JsonObject
        {
            ["cell_type"] = "code",
            ["execution_count"] = null,
            ["id"] = NewCellId(),
            ["metadata"] = PolyglotMetadata.ForCodeCell(),
            ["outputs"] = new JsonArray(),
            ["source"] = new JsonArray(),
        };
        return Append(json, source);
    }

    /// <summary>Appends a markdown cell with a fresh id.</summary>
    public NotebookCell AddMarkdown(string source)
    {
        var json = new JsonObject
        {
            ["cell_type"] = "markdown",
            ["id"] = NewCellId(),
            ["metadata"] = new JsonObject(),
            ["source"] = new JsonArray(),
        };
        return Append(json, source);
    }

    NotebookCell Append(JsonObject json, string source)
    {
        ((JsonArray)Root["cells"]!).Add(json);
        var cell = new NotebookCell(json, this) { Source = source };
        _cells.Add(cell);
        return cell;
    }

    /// <summary>The notebook as .ipynb text in its original layout.</summary>
    public string ToJson() => NotebookJson.Write(Root, Layout);

    /// <summary>The notebook as the bytes of an .ipynb file (with a BOM only if the original had one).</summary>
    public byte[] ToBytes()
    {
        var body = Encoding.UTF8.GetBytes(ToJson());
        return Layout.ByteOrderMark ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    /// <summary>Writes the notebook atomically: a temporary file beside the target, then a rename.</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    /// <summary>A deep copy (same layout), for tools that derive one notebook from another.</summary>
    public Notebook Clone() => new((JsonObject)Root.DeepClone(), Layout, SourceName);

    /// <summary>
    /// Throws <see cref="NotebookFormatException"/> unless the notebook's kernel is C#
    /// (kernelspec language C#, or Polyglot default kernel csharp).
    /// </summary>
    public void EnsureCSharpKernel()
    {
        string? language = (string?)Root["metadata"]?["kernelspec"]?["language"];
        string? kernelName = (string?)Root["metadata"]?["kernelspec"]?["name"];
        string? polyglot = (string?)Root["metadata"]?["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"];
        bool csharp = string.Equals(language, "C#", StringComparison.OrdinalIgnoreCase)
                      || string.Equals(kernelName, ".net-csharp", StringComparison.OrdinalIgnoreCase)
                      || string.Equals(polyglot, "csharp", StringComparison.OrdinalIgnoreCase);
        if (csharp) return;
        string found = language ?? kernelName ?? polyglot ?? "none";
        throw new NotebookFormatException(
            $"{SourceName}: the notebook's kernel is not C# (found: {found}). " +
            "Open it in VS Code with Polyglot Notebooks and select the '.NET (C#)' kernel, then save.");
    }

    static IEnumerable<JsonObject> Validate(JsonObject root, string sourceName)
    {
        if (root["nbformat"] is not JsonValue format || !format.TryGetValue<int>(out int major))
            throw new NotebookFormatException($"{sourceName}: not a notebook: no \"nbformat\" version number.");
        if (major != 4)
            throw new NotebookFormatException($"{sourceName}: nbformat {major} is not supported; save it as nbformat 4.");
        if (root["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{sourceName}: not a notebook: no \"cells\" array.");

        var ids = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<JsonObject>();
        for (int i = 0; i < cells.Count; i++)
        {
            string where = $"{sourceName}: cell {i + 1}";
            if (cells[i] is not JsonObject cell)
                throw new NotebookFormatException($"{where} is not a JSON object.");
            string? type = cell["cell_type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type is not ("code" or "markdown" or "raw"))
                throw new NotebookFormatException($"{where} has cell_type '{type ?? "missing"}'; expected code, markdown or raw.");
            bool sourceOk = cell["source"] switch
            {
                JsonValue v => v.TryGetValue<string>(out _),
                JsonArray a => a.All(l => l is JsonValue lv && lv.TryGetValue<string>(out _)),
                _ => false,
            };
            if (!sourceOk)
                throw new NotebookFormatException($"{where} has no \"source\" (a string or a list of strings).");
            if (cell["id"] is JsonValue idValue && idValue.TryGetValue<string>(out var id))
            {
                if (!CellIdPattern().IsMatch(id))
                    throw new NotebookFormatException($"{where} has an invalid id '{id}' (1-64 letters, digits, '-' or '_').");
                if (!ids.Add(id))
                    throw new NotebookFormatException($"{where} repeats the cell id '{id}'; cell ids must be unique.");
            }
            result.Add(cell);
        }
        return result;
    }

    string NewCellId()
    {
        // Short random ids as VS Code writes them; retry on the (unlikely) collision.
        while (true)
        {
            string id = Guid.NewGuid().ToString("N")[..12];
            if (_cells.All(c => c.Id != id)) return id;
        }
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex CellIdPattern();
}
