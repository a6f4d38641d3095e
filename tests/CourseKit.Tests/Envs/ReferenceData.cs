using System.Globalization;
using System.Text.Json;

namespace CourseKit.Tests.Envs;

/// <summary>
/// The trajectories recorded from Gymnasium 1.4.0 (copied from ../shared/reference into
/// tests/CourseKit.Tests/Envs/Reference). Found by walking up from the test binary to the folder
/// holding CourseKit.sln, so a missing file fails loudly instead of skipping.
/// </summary>
internal static class ReferenceData
{
    static readonly Dictionary<string, JsonElement> s_cache = [];
    static readonly Lock s_lock = new();

    public static JsonElement Load(string fileName)
    {
        lock (s_lock)
        {
            if (s_cache.TryGetValue(fileName, out var cached)) return cached;
            string path = Path.Combine(Folder(), fileName);
            if (!File.Exists(path))
                throw new FileNotFoundException($"Reference file {fileName} is missing from {Folder()}; copy it from ../shared/reference (see its README).", path);
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return s_cache[fileName] = doc.RootElement.Clone();
        }
    }

    static string Folder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CourseKit.sln")))
                return Path.Combine(dir.FullName, "tests", "CourseKit.Tests", "Envs", "Reference");
        throw new DirectoryNotFoundException($"No CourseKit.sln above {AppContext.BaseDirectory}: cannot find the Gymnasium reference data.");
    }

    public static double[] Doubles(this JsonElement e) => [.. e.EnumerateArray().Select(x => x.GetDouble())];

    public static uint[] F32Bits(this JsonElement e) => [.. e.EnumerateArray().Select(x => uint.Parse(x.GetString()!, NumberStyles.HexNumber))];

    public static ulong[] F64Bits(this JsonElement e) => [.. e.EnumerateArray().Select(x => ulong.Parse(x.GetString()!, NumberStyles.HexNumber))];
}
