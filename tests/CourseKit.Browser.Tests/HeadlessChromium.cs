using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CourseKit.Browser.Tests;

/// <summary>
/// Loads a page in headless Chromium and returns the DOM after its scripts ran. Plain
/// <c>chromium --headless --dump-dom</c> needs no driver, no port and no download; errors are caught by
/// a probe script at the top of the page that writes them into the DOM, so they come back with it.
/// </summary>
internal static partial class HeadlessChromium
{
    private const string Hint = "Install it with `bash .ci/install.d/50-browser.sh` (apt-get install -y chromium, npm plotly.js-dist-min).";

    /// <summary>
    /// Chromium's path: $CHROMIUM_PATH, /usr/bin/chromium, or chromium on the PATH. When it is absent the test
    /// fails if COURSEKIT_REQUIRE_BROWSER=1 (as CI sets it) and is skipped with the install hint otherwise, so a
    /// student's plain `dotnet test` does not fail for want of a browser.
    /// </summary>
    public static string Executable()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("CHROMIUM_PATH"), "/usr/bin/chromium", "/usr/bin/chromium-browser" }
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(d => Path.Combine(d, "chromium")));
        var found = candidates.FirstOrDefault(p => !string.IsNullOrEmpty(p) && File.Exists(p));
        if (found is not null) return found;
        Missing("Headless Chromium was not found (looked at $CHROMIUM_PATH, /usr/bin/chromium and the PATH).");
        return "";
    }

    /// <summary>The offline plotly.js the install step puts in artifacts/plotly; skipped or failed like <see cref="Executable"/> when absent.</summary>
    public static string LocalPlotly()
    {
        Executable();
        try { return CourseKit.Plots.PlotlyJs.FindLocalCopy(); }
        catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or DirectoryNotFoundException)
        {
            Missing("The offline plotly.js was not found: " + e.Message);
            return "";
        }
    }

    private static void Missing(string what)
    {
        if (Environment.GetEnvironmentVariable("COURSEKIT_REQUIRE_BROWSER") == "1") throw new InvalidOperationException(what + " " + Hint);
        Skip.If(true, what + " " + Hint + " (Browser checks run in CI, which sets COURSEKIT_REQUIRE_BROWSER=1.)");
    }

    // Runs before anything else on the page: every error, rejected promise, console.error and failed
    // resource load becomes a line in <pre id="page-errors">, which --dump-dom then returns.
    private const string ErrorProbe = """
        <script>
        (function () {
          function record(text) {
            var pre = document.getElementById("page-errors");
            if (!pre) { pre = document.createElement("pre"); pre.id = "page-errors"; (document.body || document.documentElement).appendChild(pre); }
            pre.appendChild(document.createTextNode(text + "\n"));
          }
          window.addEventListener("error", function (e) {
            record(e.message ? "error: " + e.message : "failed to load: " + ((e.target && (e.target.src || e.target.href)) || e.type));
          }, true);
          window.addEventListener("unhandledrejection", function (e) { record("unhandled rejection: " + e.reason); });
          var original = console.error;
          console.error = function () { record("console.error: " + Array.prototype.join.call(arguments, " ")); original.apply(console, arguments); };
        })();
        </script>
        """;

    /// <summary>The result of loading a page: its DOM after scripts ran and the errors the page reported.</summary>
    public sealed record Page(string Dom, IReadOnlyList<string> Errors)
    {
        public int Count(string pattern) => Regex.Matches(Dom, pattern).Count;
    }

    /// <summary>Loads <paramref name="body"/> (HTML fragments) in a fresh browser profile.</summary>
    /// <param name="body">The page body.</param>
    /// <param name="head">Extra head markup.</param>
    /// <param name="offline">Block every network name lookup, so the page behaves as on a machine without internet.</param>
    /// <param name="virtualTimeMs">How much (virtual) time scripts get: timers run fast, so animations finish.</param>
    public static Page Load(string body, string head = "", bool offline = true, int virtualTimeMs = 10_000)
    {
        var chromium = Executable();
        var dir = Directory.CreateTempSubdirectory("coursekit-browser-").FullName;
        try
        {
            var page = Path.Combine(dir, "page.html");
            File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\">" + ErrorProbe + head + "</head><body>" + body + "</body></html>");
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--user-data-dir=" + Path.Combine(dir, "profile"),
                "--allow-file-access-from-files", $"--virtual-time-budget={virtualTimeMs}", "--dump-dom",
            }) start.ArgumentList.Add(arg);
            if (offline) start.ArgumentList.Add("--host-resolver-rules=MAP * ~NOTFOUND");
            start.ArgumentList.Add(new Uri(page).AbsoluteUri);

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("Chromium did not finish loading the page within 90 s. stderr: " + Tail(stderr.Result));
            }
            var dom = stdout.Result;
            if (process.ExitCode != 0 || !dom.Contains("<body", StringComparison.Ordinal))
                throw new InvalidOperationException($"Chromium exited with {process.ExitCode} and no DOM. stderr: {Tail(stderr.Result)}");
            var errors = ErrorsBlock().Match(dom) is { Success: true } m
                ? System.Net.WebUtility.HtmlDecode(m.Groups[1].Value).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                : [];
            return new Page(dom, errors);
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { /* Chromium may still hold a lock file briefly. */ }
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];

    [GeneratedRegex("<pre id=\"page-errors\">(.*?)</pre>", RegexOptions.Singleline)]
    private static partial Regex ErrorsBlock();
}
