using System.Diagnostics;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Every course notebook validates against the nbformat 4.5 schema, checked by Jupyter's own validator
/// (Debian's python3-nbformat, installed by .ci/install.d/40-nbformat.sh). Without it the test is skipped on
/// a student's machine and fails in CI (COURSEKIT_CI=1).
/// </summary>
public class NbformatSchemaTests
{
    const string Python = "/usr/bin/python3";

    [SkippableTheory]
    [MemberData(nameof(CourseCatalog.Notebooks), MemberType = typeof(CourseCatalog))]
    public void Notebook_validates_against_the_nbformat_schema(string course, string notebook)
    {
        var path = Path.Combine(CourseCatalog.Courses[course].NotebooksDirectory, notebook);
        if (!Available())
        {
            const string missing = "python3-nbformat is not installed; run `bash .ci/install.d/40-nbformat.sh`.";
            if (Environment.GetEnvironmentVariable("COURSEKIT_CI") == "1") Assert.Fail(missing);
            Skip.If(true, missing);
        }
        var (code, output) = Run("-c", "import sys, nbformat; nb = nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); " +
                                       "assert (nb.nbformat, nb.nbformat_minor) >= (4, 5), 'nbformat 4.5 needed'; print('ok')", path);
        Assert.True(code == 0 && output.Contains("ok"), $"{notebook} does not validate:\n{output}");
    }

    static bool Available() => File.Exists(Python) && Run("-c", "import nbformat").code == 0;

    static (int code, string output) Run(params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        string output = p.StandardOutput.ReadToEnd() + p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output);
    }
}
