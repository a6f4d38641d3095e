namespace CourseKit.Plots;

/// <summary>Where a chart's HTML gets plotly.js from.</summary>
public enum PlotlyJsMode
{
    /// <summary>From the plotly CDN through require.js, as Plotly.NET.Interactive does (needs internet).</summary>
    Cdn,
    /// <summary>From a local <c>plotly.min.js</c> referenced by a <c>file://</c> URL (saved pages, offline browsers).</summary>
    File,
    /// <summary>Embedded in the HTML: once per process in notebook outputs, always in saved pages. Works fully offline.</summary>
    Inline,
}

/// <summary>
/// Chooses how charts load plotly.js. The default comes from the environment variable
/// <c>COURSEKIT_PLOTLY</c>: unset or <c>cdn</c> for the CDN; a path to a local <c>plotly.min.js</c>;
/// <c>inline</c> to embed plotly.js found in the repository (<c>artifacts/plotly</c>, installed by
/// <c>.ci/install.d/50-browser.sh</c>) or <c>inline:/path/to/plotly.min.js</c>. Code can override it
/// with <see cref="UseCdn"/>, <see cref="UseFile"/> and <see cref="UseInline"/>.
/// </summary>
public static class PlotlyJs
{
    /// <summary>The plotly.js version loaded from the CDN and pinned for the offline copy.</summary>
    public const string Version = "2.35.2";

    /// <summary>The CDN address of plotly.js <see cref="Version"/>.</summary>
    public const string CdnUrl = "https://cdn.plot.ly/plotly-" + Version + ".min.js";

    /// <summary>The require.js that the CDN mode loads when the page has none (the same one Plotly.NET uses).</summary>
    public const string RequireJsUrl = "https://cdnjs.cloudflare.com/ajax/libs/require.js/2.3.6/require.min.js";

    /// <summary>The environment variable read at first use.</summary>
    public const string EnvironmentVariable = "COURSEKIT_PLOTLY";

    private static readonly Lock Gate = new();
    private static bool _configured;
    private static PlotlyJsMode _mode;
    private static string? _path;
    private static string? _source;
    private static bool _inlineEmitted;

    /// <summary>The current mode.</summary>
    public static PlotlyJsMode Mode { get { lock (Gate) { Configure(); return _mode; } } }

    /// <summary>The local plotly.js file in <see cref="PlotlyJsMode.File"/> and <see cref="PlotlyJsMode.Inline"/> modes.</summary>
    public static string? FilePath { get { lock (Gate) { Configure(); return _path; } } }

    /// <summary>Load plotly.js from the CDN (the default).</summary>
    public static void UseCdn() => Set(PlotlyJsMode.Cdn, null);

    /// <summary>Reference a local <c>plotly.min.js</c> by its file URL.</summary>
    public static void UseFile(string path) => Set(PlotlyJsMode.File, Existing(path, "UseFile"));

    /// <summary>
    /// Embed plotly.js (about 4.5 MB) in the first chart output of this process; later charts reuse it.
    /// Without <paramref name="path"/> the copy under <c>artifacts/plotly</c> is used.
    /// </summary>
    public static void UseInline(string? path = null) =>
        Set(PlotlyJsMode.Inline, path is null ? FindLocalCopy() : Existing(path, "UseInline"));

    /// <summary>Makes the next chart embed plotly.js again (inline mode), e.g. after the first chart's output was cleared.</summary>
    public static void ResetInline()
    {
        lock (Gate) _inlineEmitted = false;
    }

    /// <summary>Forgets any setting made in code and reads <c>COURSEKIT_PLOTLY</c> again at next use.</summary>
    public static void Reset()
    {
        lock (Gate) (_configured, _inlineEmitted, _source) = (false, false, null);
    }

    /// <summary>The file URL a page uses to reference <paramref name="path"/>.</summary>
    internal static string FileUrl(string path) => new Uri(Path.GetFullPath(path)).AbsoluteUri;

    /// <summary>
    /// The plotly.js source to embed now, or null: in inline mode only the first caller per process
    /// gets it (unless <paramref name="always"/>, as for a standalone page).
    /// </summary>
    internal static string? TakeInlineSource(bool always)
    {
        lock (Gate)
        {
            Configure();
            if (_mode != PlotlyJsMode.Inline || (_inlineEmitted && !always)) return null;
            _source ??= File.ReadAllText(_path!);
            if (!always) _inlineEmitted = true;
            return _source;
        }
    }

    private static void Set(PlotlyJsMode mode, string? path)
    {
        lock (Gate)
        {
            (_configured, _mode, _path) = (true, mode, path);
            (_inlineEmitted, _source) = (false, null);
        }
    }

    private static void Configure()
    {
        if (_configured) return;
        var value = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim();
        (_mode, _path) = value switch
        {
            null or "" or "cdn" => (PlotlyJsMode.Cdn, null),
            "inline" => (PlotlyJsMode.Inline, FindLocalCopy()),
            _ when value.StartsWith("inline:", StringComparison.Ordinal) =>
                (PlotlyJsMode.Inline, Existing(value["inline:".Length..], EnvironmentVariable)),
            _ => (PlotlyJsMode.File, Existing(value, EnvironmentVariable)),
        };
        _configured = true;
    }

    private static string Existing(string path, string where) =>
        File.Exists(path) ? Path.GetFullPath(path)
        : throw new FileNotFoundException(
            $"{where}: plotly.js was expected at '{path}' but there is no such file. " +
            $"Install it with `npm install plotly.js-dist-min@{Version}` (its plotly.min.js), or use the CDN (unset {EnvironmentVariable}).", path);

    /// <summary>
    /// The path of the local plotly.js (npm's <c>plotly.js-dist-min</c>, installed into <c>artifacts/plotly</c> by
    /// <c>.ci/install.d/50-browser.sh</c>), looked for above the library's folder and the working folder.
    /// Throws <see cref="FileNotFoundException"/> saying how to install it when there is none.
    /// </summary>
    public static string FindLocalCopy()
    {
        const string relative = "node_modules/plotly.js-dist-min/plotly.min.js";
        var starts = new[] { Path.GetDirectoryName(typeof(PlotlyJs).Assembly.Location), Environment.CurrentDirectory };
        foreach (var start in starts)
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                foreach (var candidate in new[] { Path.Combine(dir.FullName, "artifacts", "plotly", relative), Path.Combine(dir.FullName, "plotly", relative), Path.Combine(dir.FullName, relative) })
                    if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            $"plotly.js: no local plotly.min.js found (looked for artifacts/plotly/{relative} above the library and the working folder). " +
            $"Run `bash .ci/install.d/50-browser.sh` in the repository, or set {EnvironmentVariable}=inline:/path/to/plotly.min.js.");
    }
}
