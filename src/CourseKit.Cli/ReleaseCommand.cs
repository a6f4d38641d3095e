using System.CommandLine;
using System.Globalization;
using CourseKit.Notebooks;
using CourseKit.Notebooks.Release;

namespace CourseKit.Cli;

/// <summary>
/// <c>coursekit release --out &lt;dir&gt;</c>: writes the repository a student gets (see
/// <see cref="ReleasePipeline"/>), logging each step; nothing is written when a step fails.
/// </summary>
internal static class ReleaseCommand
{
    public static Command Create(CliIo io)
    {
        var outOption = new Option<DirectoryInfo>("--out") { Description = "The folder to write the student release into (new or empty).", Required = true };
        var version = new Option<string?>("--release-version") { Description = "The version stamped into the release (default: the date, yyyy.MM.dd)." };
        var rootOption = CliIo.RootOption();
        var command = new Command("release", "Write the student release: stubbed notebooks, no solutions, no hidden checks, the student's README and tests.")
        {
            outOption, version, rootOption,
        };
        command.SetAction(parse =>
        {
            var layout = CliIo.Layout(parse.GetValue(rootOption));
            string root = Path.GetDirectoryName(layout.NotebooksDirectory)!;
            string stamp = parse.GetValue(version) ?? DateTime.UtcNow.ToString("yyyy.MM.dd", CultureInfo.InvariantCulture);
            string target = parse.GetRequiredValue(outOption).FullName;
            foreach (var line in ReleasePipeline.Build(root, target, stamp)) io.Out.WriteLine(line);
            io.Out.WriteLine($"Wrote the student release {stamp} to {target}");
            return 0;
        });
        return command;
    }
}
