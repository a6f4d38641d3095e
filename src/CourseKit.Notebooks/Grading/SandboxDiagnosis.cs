namespace CourseKit.Notebooks.Grading;

/// <summary>
/// Names the sandbox's refusal in a check's failure message. Inside the sandbox a forbidden
/// act surfaces as an ordinary exception ("Read-only file system", "Network is unreachable");
/// the student should read that the grader forbade it, not hunt for a bug in their maths.
/// </summary>
internal static class SandboxDiagnosis
{
    static readonly (string[] Symptoms, string Explanation)[] Rules =
    [
        (["Read-only file system", "EROFS"],
            "Writing outside the scratch folder: the grading sandbox lets code write only to its private /tmp."),
        (["Network is unreachable", "Connection refused", "No such device or address", "Name or service not known",
          "Resource temporarily unavailable (", "nodename nor servname", "No route to host", "SocketException"],
            "Network access: the grading sandbox has no network."),
        (["Too many open files", "EMFILE"],
            "File-handle limit: the grading sandbox allows {files} open files (close what you open)."),
        (["Could not find a part of the path", "Could not find file", "Permission denied", "Access to the path"],
            "File access outside the sandbox: the grader's, the checks' and other students' files are not visible to graded code."),
        (["No space left on device"],
            "Scratch space full: the sandbox's /tmp holds {scratch} MB."),
    ];

    /// <summary>The message with a line naming the sandbox rule it ran into, if any.</summary>
    public static string? Explain(string? message, SandboxLimits limits)
    {
        if (string.IsNullOrEmpty(message)) return message;
        foreach (var (symptoms, explanation) in Rules)
        {
            if (!symptoms.Any(s => message.Contains(s, StringComparison.Ordinal))) continue;
            string text = explanation.Replace("{files}", limits.MaxOpenFiles.ToString())
                .Replace("{scratch}", (limits.ScratchBytes >> 20).ToString());
            return message + "\n" + text;
        }
        return message;
    }
}
