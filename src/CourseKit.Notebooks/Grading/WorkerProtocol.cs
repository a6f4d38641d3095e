using System.Text.Json;
using System.Text.Json.Serialization;

namespace CourseKit.Notebooks.Grading;

/// <summary>
/// What the grader sends the worker on stdin (read completely before any student code runs)
/// and the lines the worker sends back. Result lines start with a random nonce the student's
/// code never sees in its own output, so printing a fake "passed" line earns nothing.
/// </summary>
internal static class WorkerProtocol
{
    /// <summary>One exercise to check, as the grader describes it (files on the grader's disk).</summary>
    public sealed record Job(
        string Nonce,
        string ExerciseId,
        string ExerciseAssembly,
        string SubjectKind,
        string SubjectName,
        int ParameterCount,
        string CourseKitDll,
        IReadOnlyList<string> CheckAssemblies);

    /// <summary>
    /// The job as the worker receives it: the exercise and hidden-check assemblies travel as
    /// bytes, so the sandbox mounts none of the course's files and the worker loads them from
    /// memory. <paramref name="CourseKitDll"/> is the path the worker sees.
    /// </summary>
    public sealed record WireJob(
        string Nonce,
        string ExerciseId,
        byte[] ExerciseAssembly,
        string SubjectKind,
        string SubjectName,
        int ParameterCount,
        string CourseKitDll,
        IReadOnlyList<byte[]> CheckAssemblies,
        long MaxOutputBytes);

    /// <summary>One message from the worker: plan (the checks it will run), result (one check), done, limit (a limit broken: Text says which), or fatal.</summary>
    public sealed record Message(
        string Type,
        string? Name = null,
        double Weight = 0,
        bool Passed = false,
        string? Text = null,
        string? Output = null,
        IReadOnlyList<PlannedCheck>? Checks = null);

    public sealed record PlannedCheck(string Name, double Weight);

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
