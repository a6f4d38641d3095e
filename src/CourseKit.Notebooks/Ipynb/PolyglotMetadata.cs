using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Ipynb;

/// <summary>
/// The metadata VS Code's Polyglot Notebooks extension writes for a C# notebook and its code
/// cells (docs/AUTHORING.md, "File format"); keys are in the sorted order that extension writes them.
/// </summary>
public static class PolyglotMetadata
{
    /// <summary>Notebook-level metadata selecting the .NET (C#) kernel.</summary>
    public static JsonObject ForNotebook() => new()
    {
        ["kernelspec"] = new JsonObject
        {
            ["display_name"] = ".NET (C#)",
            ["language"] = "C#",
            ["name"] = ".net-csharp",
        },
        ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
        ["polyglot_notebook"] = new JsonObject
        {
            ["kernelInfo"] = new JsonObject
            {
                ["defaultKernelName"] = "csharp",
                ["items"] = new JsonArray(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = "csharp" }),
            },
        },
    };

    /// <summary>Cell-level metadata marking a code cell as C#.</summary>
    public static JsonObject ForCodeCell() => new()
    {
        ["dotnet_interactive"] = new JsonObject { ["language"] = "csharp" },
        ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" },
        ["vscode"] = new JsonObject { ["languageId"] = "polyglot-notebook" },
    };
}
