using CourseKit.Nets;
using System.Text.Json;
using System.Text.Json.Serialization;
using CourseKit.Backend;
using CourseKit.Display;
using CourseKit.Rl;

namespace CourseKit.Buffers;

/// <summary>
/// Recorded expert demonstrations in an open format: a <c>.safetensors</c> file holding the steps of every
/// episode back to back, plus a JSON sidecar of the same name (<see cref="DemonstrationInfo"/>).
/// </summary>
/// <remarks>
/// <para>Tensors, one row per step (N steps, aligned): <c>observations</c> [N, obs] and <c>next_observations</c>
/// [N, obs] float32, <c>actions</c> [N, act] float32, <c>rewards</c> [N] float32, <c>terminals</c> [N] bool (the
/// step ended the task; a time limit is not a terminal) and <c>episode_starts</c> [N] bool (the step is the first
/// of an episode). PyTorch's <c>safetensors</c> package reads the file as it is.</para>
/// <para>Writing is atomic per file (a temporary file, then a rename), the data before the sidecar, so a
/// reader never sees half a file. Reading checks every shape and every episode boundary and names the file
/// and the problem.</para>
/// </remarks>
public static class DemonstrationFile
{
    /// <summary>The format marker in the sidecar.</summary>
    public const string Format = "coursekit-demonstrations-1";

    static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Writes <paramref name="episodes"/> to <paramref name="path"/> (.safetensors) and the sidecar beside it (.json).
    /// The sidecar's counts, dimensions and return statistics are computed here from the episodes; the rest of
    /// <paramref name="info"/> (env, expert, seeds, how they were made) is the caller's.
    /// </summary>
    public static DemonstrationInfo Write(string path, IReadOnlyList<Trajectory<float[], float[]>> episodes, DemonstrationInfo info)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(episodes);
        ArgumentNullException.ThrowIfNull(info);
        if (episodes.Count == 0) throw new ArgumentException("DemonstrationFile.Write: there are no episodes to write.", nameof(episodes));
        int obsDim = episodes[0].Observations[0].Length, actDim = episodes[0].Actions[0].Length, n = episodes.Sum(e => e.Length);
        var obs = new float[n * obsDim]; var next = new float[n * obsDim]; var act = new float[n * actDim];
        var rewards = new float[n]; var terminals = new bool[n]; var starts = new bool[n];
        int t = 0;
        foreach (var e in episodes)
            for (int i = 0; i < e.Length; i++, t++)
            {
                if (e.Observations[i].Length != obsDim || e.NextObservations[i].Length != obsDim || e.Actions[i].Length != actDim)
                    throw new ArgumentException($"DemonstrationFile.Write: step {i} of an episode has an observation of {e.Observations[i].Length} and an action of {e.Actions[i].Length} values; the first step had {obsDim} and {actDim}.");
                e.Observations[i].CopyTo(obs, t * obsDim);
                e.NextObservations[i].CopyTo(next, t * obsDim);
                e.Actions[i].CopyTo(act, t * actDim);
                rewards[t] = (float)e.Rewards[i];
                terminals[t] = e.Terminals[i];
                starts[t] = i == 0;
            }
        var returns = episodes.Select(e => e.Return).ToArray();
        double mean = returns.Average();
        var written = info with
        {
            Format = Format, Data = Path.GetFileName(path), Episodes = episodes.Count, Steps = n, ObsDim = obsDim, ActDim = actDim,
            MeanReturn = mean, StdReturn = Math.Sqrt(returns.Average(r => (r - mean) * (r - mean))), MinReturn = returns.Min(), MaxReturn = returns.Max(),
        };
        SafeTensors.Save(path, new Dictionary<string, Tensor>
        {
            ["observations"] = TensorData.FromArray(obs, [n, obsDim]),
            ["next_observations"] = TensorData.FromArray(next, [n, obsDim]),
            ["actions"] = TensorData.FromArray(act, [n, actDim]),
            ["rewards"] = TensorData.FromArray(rewards, [n]),
            ["terminals"] = TensorData.FromArray(terminals, [n]),
            ["episode_starts"] = TensorData.FromArray(starts, [n]),
        });
        AtomicFile.WriteAllText(Path.ChangeExtension(path, ".json"), JsonSerializer.Serialize(written, Json) + "\n");
        return written;
    }

    /// <summary>
    /// Reads demonstrations from their data (.safetensors) or sidecar (.json) path, optionally checking that they
    /// were recorded in <paramref name="envId"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">The sidecar or the data are missing.</exception>
    /// <exception cref="InvalidDataException">A file does not parse, a tensor is missing or has the wrong shape, the episode boundaries disagree with the sidecar, or the env differs.</exception>
    public static Demonstrations Read(string path, string? envId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string sidecar = Path.GetFullPath(Path.ChangeExtension(path, ".json"));
        if (!File.Exists(sidecar))
            throw new FileNotFoundException($"DemonstrationFile: no description at '{sidecar}'. Demonstrations are a .safetensors file plus a .json sidecar of the same name; the course's are in data/ (data/README.md).", sidecar);
        DemonstrationInfo info;
        try { info = JsonSerializer.Deserialize<DemonstrationInfo>(File.ReadAllText(sidecar), Json) ?? throw new InvalidDataException($"DemonstrationFile: '{sidecar}' is empty (JSON null)."); }
        catch (JsonException e) { throw new InvalidDataException($"DemonstrationFile: '{sidecar}' is not a valid description: {e.Message} Restore it from the repository.", e); }
        if (info.Format != Format)
            throw new InvalidDataException($"DemonstrationFile: '{sidecar}' has format '{info.Format}', but this CourseKit reads '{Format}'.");
        if (envId is not null && info.Env != envId)
            throw new InvalidDataException($"DemonstrationFile: '{sidecar}' holds demonstrations of '{info.Env}', not of '{envId}'. Load the file recorded in your environment (data/README.md lists them).");
        string data = Path.Combine(Path.GetDirectoryName(sidecar)!, info.Data ?? Path.ChangeExtension(Path.GetFileName(sidecar), ".safetensors"));
        var tensors = SafeTensors.Load(data);
        string Bad(string why) => $"DemonstrationFile: '{data}' {why}. The data and its sidecar must come from the same write; restore both from the repository.";

        int n = info.Steps, o = info.ObsDim, a = info.ActDim;
        float[] Floats(string name, params long[] shape) => TensorData.ToArray<float>(Expect(name, ScalarType.Float32, shape));
        bool[] Bools(string name, params long[] shape) => TensorData.ToArray<bool>(Expect(name, ScalarType.Bool, shape));
        Tensor Expect(string name, ScalarType dtype, long[] shape)
        {
            if (!tensors.TryGetValue(name, out var t)) throw new InvalidDataException(Bad($"has no tensor '{name}' (it has {string.Join(", ", tensors.Keys)})"));
            if (t.dtype != dtype || !t.shape.SequenceEqual(shape))
                throw new InvalidDataException(Bad($"holds '{name}' as {t.dtype} [{string.Join(", ", t.shape)}], but its sidecar says {dtype} [{string.Join(", ", shape)}]"));
            return t;
        }
        var d = new Demonstrations(info, Floats("observations", n, o), Floats("next_observations", n, o), Floats("actions", n, a),
                                   Floats("rewards", n), Bools("terminals", n), Bools("episode_starts", n));
        CheckEpisodes(d, Bad);
        return d;
    }

    /// <summary>Episode boundaries: the first step starts one, only a step after an episode's last (terminal or truncated) starts the next, and the count matches the sidecar.</summary>
    static void CheckEpisodes(Demonstrations d, Func<string, string> bad)
    {
        if (d.Steps > 0 && !d.EpisodeStarts[0]) throw new InvalidDataException(bad("does not start with an episode start (episode_starts[0] is false)"));
        for (int t = 0; t + 1 < d.Steps; t++)
            if (d.Terminals[t] && !d.EpisodeStarts[t + 1])
                throw new InvalidDataException(bad($"has a terminal step {t} followed by step {t + 1}, which is not an episode start"));
        int episodes = d.EpisodeStarts.Count(s => s);
        if (episodes != d.Info.Episodes)
            throw new InvalidDataException(bad($"has {episodes} episode starts but its sidecar says {d.Info.Episodes} episodes"));
    }
}

/// <summary>The sidecar of a demonstration file: what was recorded, where, by whom, and how well.</summary>
public sealed record DemonstrationInfo
{
    /// <summary>Format marker (<see cref="DemonstrationFile.Format"/>).</summary>
    public string Format { get; init; } = DemonstrationFile.Format;
    /// <summary>The environment id the episodes were recorded in.</summary>
    public string Env { get; init; } = "";
    /// <summary>The expert's file (relative to the demonstrations), or a description of the expert.</summary>
    public string Expert { get; init; } = "";
    /// <summary>How the expert chose its actions (e.g. "sampled from its Gaussian").</summary>
    public string Acting { get; init; } = "";
    /// <summary>The seed of each episode's reset, in order.</summary>
    public int[] EpisodeSeeds { get; init; } = [];
    /// <summary>The seed given to <c>Seed.Everything</c> before recording (the expert's sampling).</summary>
    public int TorchSeed { get; init; }
    /// <summary>Data file name, relative to the sidecar.</summary>
    public string? Data { get; init; }
    /// <summary>Episodes held.</summary>
    public int Episodes { get; init; }
    /// <summary>Steps held, over all episodes.</summary>
    public int Steps { get; init; }
    /// <summary>Observation size.</summary>
    public int ObsDim { get; init; }
    /// <summary>Action size.</summary>
    public int ActDim { get; init; }
    /// <summary>Mean episode return.</summary>
    public double MeanReturn { get; init; }
    /// <summary>Standard deviation of the episode returns.</summary>
    public double StdReturn { get; init; }
    /// <summary>Lowest episode return.</summary>
    public double MinReturn { get; init; }
    /// <summary>Highest episode return.</summary>
    public double MaxReturn { get; init; }
    /// <summary>The program and command that recorded them.</summary>
    public string ProducedBy { get; init; } = "";
}
