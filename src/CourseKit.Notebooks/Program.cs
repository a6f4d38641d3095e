namespace CourseKit.Notebooks;

/// <summary>
/// Entry point used only by the grader, which starts this assembly as a child process
/// ("worker" mode) to run one exercise's checks in isolation. People use the coursekit CLI.
/// </summary>
internal static class Program
{
    static int Main(string[] args)
    {
        if (args.Length >= 1 && args[0] == "worker") return Grading.Worker.Run(args[1..]);
        Console.Error.WriteLine("CourseKit.Notebooks is a library; its entry point is the grader's worker. Use the 'coursekit' command.");
        return 2;
    }
}
