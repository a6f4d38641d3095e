namespace CourseKit.Cli;

internal static class Program
{
    static Task<int> Main(string[] args) => CliApp.InvokeAsync(args, Console.Out, Console.Error);
}
