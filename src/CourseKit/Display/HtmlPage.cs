namespace CourseKit.Display;

/// <summary>Standalone HTML pages for <c>SaveHtml</c> methods.</summary>
public static class HtmlPage
{
    /// <summary>A complete UTF-8 page with <paramref name="head"/> markup and <paramref name="body"/> markup.</summary>
    public static string Standalone(string title, string head, string body) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        $"<title>{Html.Escape(title)}</title>\n{head}\n</head>\n" +
        "<body style=\"font-family:system-ui,sans-serif;margin:16px\">\n" + body + "\n</body>\n</html>\n";

    /// <summary>Writes <paramref name="value"/>'s HTML (through <see cref="Formatting.ToHtml"/>) as a standalone page, atomically.</summary>
    public static void Save(object value, string path, string? title = null) =>
        AtomicFile.WriteAllText(path, Standalone(title ?? value.GetType().Name, "", Formatting.ToHtml(value)));
}
