using System.Diagnostics;
using System.Text.Json.Nodes;
using CourseKit.Notebooks.Running;

namespace CourseKit.Notebooks.Tests;

/// <summary>
/// Executes a notebook the way a Jupyter user does: <c>jupyter nbconvert --to notebook --execute</c>
/// with the dotnet-interactive tool's Jupyter kernel. Everything Jupyter writes stays in a folder the
/// tests own (kernelspec, runtime, config): the user's home is never touched.
/// </summary>
public sealed class JupyterLeg : IDisposable
{
    /// <summary>Debian's nbconvert entry point (installed by .ci/install.d/60-jupyter.sh).</summary>
    public const string NbConvert = "/usr/bin/jupyter-nbconvert";

    /// <summary>The kernelspec name the course notebooks' metadata names.</summary>
    public const string KernelName = ".net-csharp";

    readonly string _root;

    /// <summary>
    /// A mirror of the repository's layout in a temporary folder: <c>notebooks/</c> for the solved
    /// copies, links to <c>artifacts/</c> and <c>data/</c> (the notebooks' relative paths), the tool
    /// manifest (so <c>dotnet tool run</c> finds the kernel from the notebook's folder), and
    /// <c>jupyter/kernels/.net-csharp/kernel.json</c>.
    /// </summary>
    public JupyterLeg()
    {
        _root = TestPaths.NewTempDir();
        NotebooksDirectory = Path.Combine(_root, "notebooks");
        Directory.CreateDirectory(NotebooksDirectory);
        foreach (var linked in (string[])["artifacts", "data"])
            Directory.CreateSymbolicLink(Path.Combine(_root, linked), Path.Combine(TestPaths.RepoRoot, linked));
        Directory.CreateDirectory(Path.Combine(_root, ".config"));
        File.Copy(Path.Combine(TestPaths.RepoRoot, ".config", "dotnet-tools.json"), Path.Combine(_root, ".config", "dotnet-tools.json"));
        InstallKernelSpec(Path.Combine(_root, "jupyter", "kernels"));
    }

    /// <summary>Where solved notebooks go before <see cref="Execute"/>.</summary>
    public string NotebooksDirectory { get; }

    /// <summary>True when Debian's nbconvert and nbclient are installed.</summary>
    public static bool Available()
    {
        if (!File.Exists(NbConvert)) return false;
        var (code, _) = Run("/usr/bin/python3", ["-c", "import nbclient, jupyter_client"], TestPaths.RepoRoot, null, TimeSpan.FromMinutes(1));
        return code == 0;
    }

    /// <summary>
    /// The tool writes the kernelspec (its own logo, display name and metadata) into a folder of
    /// ours; the command line is then pointed at the pinned local tool and limited to local
    /// interfaces (<c>--http-local-only</c>), the way the README tells a student to install it.
    /// </summary>
    void InstallKernelSpec(string kernels)
    {
        Directory.CreateDirectory(kernels);
        var (code, output) = Run("dotnet", ["tool", "run", KernelTool.CommandName, "--", "jupyter", "install", "--path", kernels], TestPaths.RepoRoot, null, TimeSpan.FromMinutes(3));
        string spec = Path.Combine(kernels, KernelName, "kernel.json");
        Assert.True(code == 0 && File.Exists(spec), $"dotnet-interactive jupyter install failed ({code}):\n{output}");
        var json = JsonNode.Parse(File.ReadAllText(spec))!.AsObject();
        json["argv"] = new JsonArray("dotnet", "tool", "run", KernelTool.CommandName, "--", "jupyter",
            "--default-kernel", "csharp", "{connection_file}", "--http-local-only");
        File.WriteAllText(spec, json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>
    /// Runs nbconvert on <paramref name="fileName"/> (in <see cref="NotebooksDirectory"/>) and returns the executed notebook's
    /// path; <paramref name="kernelEnvironment"/> is set for the kernel on top of Jupyter's own variables (the course's knobs).
    /// </summary>
    public string Execute(string fileName, TimeSpan cellTimeout, IReadOnlyDictionary<string, string>? kernelEnvironment = null)
    {
        string outDir = Path.Combine(_root, "out");
        var env = new Dictionary<string, string>
        {
            ["JUPYTER_PATH"] = Path.Combine(_root, "jupyter"),
            ["JUPYTER_DATA_DIR"] = Path.Combine(_root, "jupyter-data"),
            ["JUPYTER_RUNTIME_DIR"] = Path.Combine(_root, "jupyter-runtime"),
            ["JUPYTER_CONFIG_DIR"] = Path.Combine(_root, "jupyter-config"),
            ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        foreach (var (k, v) in kernelEnvironment ?? new Dictionary<string, string>()) env[k] = v;
        var (code, output) = Run(NbConvert,
            ["--to", "notebook", "--execute", $"--ExecutePreprocessor.kernel_name={KernelName}",
             $"--ExecutePreprocessor.timeout={(int)cellTimeout.TotalSeconds}", "--output-dir", outDir, fileName],
            NotebooksDirectory, env, TimeSpan.FromMinutes(10));
        string executed = Path.Combine(outDir, fileName);
        Assert.True(code == 0 && File.Exists(executed), $"jupyter nbconvert --execute {fileName} failed ({code}):\n{Tail(output)}");
        return executed;
    }

    static string Tail(string text) => string.Join("\n", text.Split('\n').TakeLast(40));

    static (int Code, string Output) Run(string file, string[] args, string directory, Dictionary<string, string>? env, TimeSpan limit)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (k, v) in env ?? []) start.Environment[k] = v;
        using var p = Process.Start(start)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            return (-1, $"{file} did not finish within {limit.TotalMinutes:0} min");
        }
        return (p.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose()
    {
        // The links first, on their own, so that nothing can follow them into the repository.
        foreach (var linked in (string[])["artifacts", "data"])
        {
            var link = new DirectoryInfo(Path.Combine(_root, linked));
            if (link.LinkTarget is not null) link.Delete();
        }
        try { Directory.Delete(_root, recursive: true); }
        catch (IOException) { }
    }
}
