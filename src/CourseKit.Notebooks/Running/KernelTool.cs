using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CourseKit.Notebooks.Running;

/// <summary>A kernel that cannot be restored, started or kept alive; the message says what to do.</summary>
public sealed class KernelUnavailableException(string message) : Exception(message);

/// <summary>
/// The dotnet-interactive tool pinned in the repository's local tool manifest
/// (<c>.config/dotnet-tools.json</c>): the same binary VS Code's Polyglot extension and the
/// Jupyter kernelspec run. Restored on first use, so a machine with only the .NET SDK needs no
/// extra install step.
/// </summary>
public static class KernelTool
{
    /// <summary>The NuGet package id of the tool.</summary>
    public const string PackageId = "microsoft.dotnet-interactive";

    /// <summary>The command the package installs.</summary>
    public const string CommandName = "dotnet-interactive";

    static readonly SemaphoreSlim s_restoreGate = new(1, 1);
    static readonly HashSet<string> s_restored = new(StringComparer.Ordinal);

    /// <summary>
    /// The folder holding <c>.config/dotnet-tools.json</c> at or above <paramref name="start"/>,
    /// or null. <c>dotnet tool run</c> looks there the same way.
    /// </summary>
    public static string? FindManifestRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, ".config", "dotnet-tools.json"))) return dir.FullName;
        return null;
    }

    /// <summary>The tool version pinned in the manifest under <paramref name="manifestRoot"/>.</summary>
    public static string PinnedVersion(string manifestRoot)
    {
        string path = Path.Combine(manifestRoot, ".config", "dotnet-tools.json");
        try
        {
            var tools = JsonNode.Parse(File.ReadAllText(path))?["tools"]?.AsObject();
            var version = (string?)tools?.FirstOrDefault(t => string.Equals(t.Key, PackageId, StringComparison.OrdinalIgnoreCase)).Value?["version"];
            return version ?? throw new KernelUnavailableException($"{path} does not pin {PackageId}; add it with 'dotnet tool install --local {PackageId} --version <version>'.");
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new KernelUnavailableException($"{path} is not a valid tool manifest ({e.Message}); restore it from the repository.");
        }
    }

    /// <summary>
    /// Runs <c>dotnet tool restore</c> once per manifest and process. It is quick when the tool is
    /// already in the NuGet cache, and the only way to learn where the SDK keeps it.
    /// </summary>
    public static async Task EnsureRestoredAsync(string manifestRoot, CancellationToken cancellationToken = default)
    {
        await s_restoreGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (s_restored.Contains(manifestRoot)) return;
            PinnedVersion(manifestRoot);
            var (code, output) = await RunDotnetAsync(manifestRoot, ["tool", "restore"], cancellationToken).ConfigureAwait(false);
            if (code != 0)
                throw new KernelUnavailableException(
                    $"'dotnet tool restore' failed in {manifestRoot} (exit {code}): {LastLine(output)}. " +
                    $"The notebook kernel is the NuGet package {PackageId}; check the package source in NuGet.config and run 'dotnet tool restore' there.");
            s_restored.Add(manifestRoot);
        }
        finally
        {
            s_restoreGate.Release();
        }
    }

    /// <summary>
    /// Starts <c>dotnet tool run dotnet-interactive -- stdio</c> from the manifest's folder (where
    /// the SDK finds the pinned tool) with the kernel's working directory set to
    /// <paramref name="workingDirectory"/>, as VS Code starts it in the notebook's folder.
    /// </summary>
    public static Process Start(string manifestRoot, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = manifestRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = new System.Text.UTF8Encoding(false),
            StandardErrorEncoding = new System.Text.UTF8Encoding(false),
            StandardInputEncoding = new System.Text.UTF8Encoding(false),
        };
        foreach (var arg in (string[])["tool", "run", CommandName, "--", "stdio", "--default-kernel", "csharp", "--working-dir", workingDirectory])
            info.ArgumentList.Add(arg);
        // The first-run banner and telemetry notice would otherwise share stdout with the protocol.
        info.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        try
        {
            return Process.Start(info) ?? throw new KernelUnavailableException("'dotnet' did not start; is the .NET SDK installed and on PATH?");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KernelUnavailableException($"cannot start 'dotnet' ({e.Message}); install the .NET SDK (global.json names the version) and put it on PATH.");
        }
    }

    static async Task<(int Code, string Output)> RunDotnetAsync(string directory, string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new KernelUnavailableException("'dotnet' did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new KernelUnavailableException($"cannot start 'dotnet' ({e.Message}); install the .NET SDK and put it on PATH.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
        }
    }

    internal static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "no output" : lines[^1];
    }
}
