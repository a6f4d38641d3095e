using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Ipynb;

/// <summary>
/// How a notebook file was laid out on disk, so that writing it back reproduces the same bytes.
/// Jupyter and VS Code both write indented JSON with non-ASCII characters unescaped and a final
/// newline; only the indent width and line ending differ between tools.
/// </summary>
/// <param name="Indent">The indentation unit (Jupyter and VS Code use one space).</param>
/// <param name="NewLine">The line ending found in the file.</param>
/// <param name="FinalNewLine">Whether the file ends with a line ending.</param>
/// <param name="ByteOrderMark">Whether the file starts with a UTF-8 byte order mark.</param>
public sealed record NotebookLayout(string Indent, string NewLine, bool FinalNewLine, bool ByteOrderMark)
{
    /// <summary>The layout Jupyter and VS Code's Polyglot extension write: one-space indent, LF, final newline.</summary>
    public static NotebookLayout Default { get; } = new(" ", "\n", true, false);

    internal static NotebookLayout Detect(string text, bool bom)
    {
        string newLine = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        int firstBreak = text.IndexOf('\n');
        string indent = Default.Indent;
        if (firstBreak >= 0)
        {
            int i = firstBreak + 1;
            while (i < text.Length && (text[i] == ' ' || text[i] == '\t')) i++;
            if (i > firstBreak + 1) indent = text[(firstBreak + 1)..i];
        }
        bool finalNewLine = text.EndsWith('\n');
        return new NotebookLayout(indent, newLine, finalNewLine, bom);
    }
}

/// <summary>
/// Reads and writes notebook JSON. Writing is our own (not System.Text.Json's writer) because the
/// byte layout must match what Jupyter/VS Code write: Python's <c>json.dumps(indent=1,
/// ensure_ascii=False)</c> escapes only quotes, backslashes and control characters.
/// </summary>
internal static class NotebookJson
{
    public static JsonNode? Parse(string text, string sourceName)
    {
        try
        {
            return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
        }
        catch (JsonException e)
        {
            int line = (int)(e.LineNumber ?? 0) + 1;
            int column = (int)(e.BytePositionInLine ?? 0) + 1;
            throw new NotebookFormatException(
                $"{sourceName}: not valid JSON at line {line}, column {column}: {FirstSentence(e.Message)}", e)
            { Line = line, Column = column };
        }
        catch (ArgumentException e)
        {
            // JsonObject rejects duplicate property names when it materialises them.
            throw new NotebookFormatException($"{sourceName}: invalid JSON: {e.Message}", e);
        }
    }

    public static string Write(JsonNode? root, NotebookLayout layout)
    {
        var sb = new StringBuilder();
        WriteNode(sb, root, layout, 0);
        if (layout.FinalNewLine) sb.Append(layout.NewLine);
        return sb.ToString();
    }

    static void WriteNode(StringBuilder sb, JsonNode? node, NotebookLayout layout, int depth)
    {
        switch (node)
        {
            case null:
                sb.Append("null");
                break;
            case JsonObject obj:
                if (obj.Count == 0) { sb.Append("{}"); break; }
                sb.Append('{');
                bool firstProperty = true;
                foreach (var (key, value) in obj)
                {
                    if (!firstProperty) sb.Append(',');
                    firstProperty = false;
                    NewLine(sb, layout, depth + 1);
                    WriteString(sb, key);
                    sb.Append(": ");
                    WriteNode(sb, value, layout, depth + 1);
                }
                NewLine(sb, layout, depth);
                sb.Append('}');
                break;
            case JsonArray array:
                if (array.Count == 0) { sb.Append("[]"); break; }
                sb.Append('[');
                for (int i = 0; i < array.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    NewLine(sb, layout, depth + 1);
                    WriteNode(sb, array[i], layout, depth + 1);
                }
                NewLine(sb, layout, depth);
                sb.Append(']');
                break;
            case JsonValue value:
                WriteValue(sb, value);
                break;
        }
    }

    static void WriteValue(StringBuilder sb, JsonValue value)
    {
        // Numbers parsed from a file keep their original spelling (1e-05 stays 1e-05).
        if (value.TryGetValue<JsonElement>(out var element))
        {
            if (element.ValueKind == JsonValueKind.String) WriteString(sb, element.GetString()!);
            else sb.Append(element.GetRawText());
            return;
        }
        switch (value.GetValueKind())
        {
            case JsonValueKind.String: WriteString(sb, value.GetValue<string>()); break;
            case JsonValueKind.True: sb.Append("true"); break;
            case JsonValueKind.False: sb.Append("false"); break;
            case JsonValueKind.Null: sb.Append("null"); break;
            default: sb.Append(value.ToJsonString()); break;
        }
    }

    internal static void WriteString(StringBuilder sb, string s)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20) sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        sb.Append('"');
    }

    static void NewLine(StringBuilder sb, NotebookLayout layout, int depth)
    {
        sb.Append(layout.NewLine);
        for (int i = 0; i < depth; i++) sb.Append(layout.Indent);
    }

    static string FirstSentence(string message)
    {
        // System.Text.Json appends "Path: $ | LineNumber: .." which we already report better.
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
