using CourseKit.Nets;
using System.Globalization;
using CourseKit.Backend;
using CourseKit.Buffers;

namespace CourseKit.Rl;

/// <summary>
/// Saves and restores a training run: networks, optimizer state, the step counter, the random generators
/// (the tensor backend's and <see cref="Seed.Shared"/>) and optionally the replay buffer, in one safetensors file
/// written atomically (temporary file, then rename). Loading into freshly built objects resumes the run
/// exactly, on the same machine.
/// </summary>
public static class Checkpoint
{
    private const string Format = "coursekit-checkpoint-1";

    /// <summary>Writes a checkpoint.</summary>
    /// <param name="path">Target file (".safetensors" by convention).</param>
    /// <param name="step">The training step reached.</param>
    /// <param name="modules">Networks by name, e.g. { ["q"] = q, ["target"] = target }.</param>
    /// <param name="optimizers">Optimizers by name.</param>
    /// <param name="buffer">A replay buffer to include (large), or null.</param>
    /// <param name="extra">Further strings to keep (hyperparameters, notes).</param>
    public static void Save(string path, long step, IReadOnlyDictionary<string, nn.Module> modules,
        IReadOnlyDictionary<string, optim.Optimizer>? optimizers = null, ReplayBuffer? buffer = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, m) in modules)
            foreach (var (k, t) in m.state_dict()) tensors[$"module.{name}.{k}"] = t;
        if (buffer is not null)
            foreach (var (k, t) in buffer.ExportState()) tensors[$"buffer.{k}"] = t;
        var meta = new Dictionary<string, string>
        {
            ["format"] = Format,
            ["backend"] = RunState.Backend,
            ["step"] = step.ToString(CultureInfo.InvariantCulture),
            ["torch_rng"] = RunState.TensorRngState(),
            ["shared_rng"] = string.Join(",", Seed.Shared.GetState()),
            ["has_buffer"] = buffer is null ? "false" : "true",
        };
        foreach (var (name, o) in optimizers ?? new Dictionary<string, optim.Optimizer>())
            RunState.SaveOptimizer(name, o, tensors, meta);
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) meta["extra." + k] = v;
        SafeTensors.Save(path, tensors, meta);
    }

    /// <summary>Restores a checkpoint into already-built objects of the same architecture; returns the saved step.</summary>
    public static long Load(string path, IReadOnlyDictionary<string, nn.Module> modules,
        IReadOnlyDictionary<string, optim.Optimizer>? optimizers = null, ReplayBuffer? buffer = null)
        => Load(path, modules, optimizers, buffer, out _);

    /// <summary>Restores a checkpoint and returns its extra strings too.</summary>
    public static long Load(string path, IReadOnlyDictionary<string, nn.Module> modules,
        IReadOnlyDictionary<string, optim.Optimizer>? optimizers, ReplayBuffer? buffer, out Dictionary<string, string> extra)
    {
        ArgumentNullException.ThrowIfNull(modules);
        var tensors = SafeTensors.Load(path, out var meta);
        if (!meta.TryGetValue("format", out var f) || f != Format)
            throw new InvalidDataException($"Checkpoint.Load: '{path}' is a safetensors file but not a CourseKit checkpoint (no '{Format}' marker). To load plain weights use module.load(path).");
        foreach (var (name, m) in modules)
            m.load_state_dict(Section(tensors, $"module.{name}.", path, "network"));
        // Networks and buffers are plain tensors on both backends; optimizer and tensor-generator state are not.
        var savedBy = meta.GetValueOrDefault("backend", "CourseKit");   // checkpoints from before the key: the engine's
        bool sameBackend = savedBy == RunState.Backend;
        if (!sameBackend && optimizers is { Count: > 0 })
            throw new InvalidDataException($"Checkpoint.Load: '{path}' was written by the {savedBy} backend and this is the {RunState.Backend} build; "
                + "optimizer state does not carry across backends. Pass optimizers: null to load the networks (and buffer), then go on with fresh optimizers.");
        foreach (var (name, o) in optimizers ?? new Dictionary<string, optim.Optimizer>())
            RunState.LoadOptimizer(name, o, () => Section(tensors, $"optim.{name}.", path, "optimizer"), meta);
        if (buffer is not null)
        {
            if (meta.GetValueOrDefault("has_buffer") != "true")
                throw new InvalidDataException($"Checkpoint.Load: '{path}' was saved without a replay buffer; pass buffer: null or save one with the checkpoint.");
            buffer.ImportState(Section(tensors, "buffer.", path, "buffer"));
        }
        if (sameBackend) RunState.SetTensorRngState(meta["torch_rng"]);
        Seed.Shared.SetState(ParseState(meta["shared_rng"]));
        extra = meta.Where(kv => kv.Key.StartsWith("extra.")).ToDictionary(kv => kv.Key["extra.".Length..], kv => kv.Value);
        return long.Parse(meta["step"], CultureInfo.InvariantCulture);
    }

    private static Dictionary<string, Tensor> Section(Dictionary<string, Tensor> all, string prefix, string path, string what)
    {
        var d = all.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);
        if (d.Count == 0)
        {
            var names = all.Keys.Select(k => string.Join('.', k.Split('.').Take(2))).Distinct();
            throw new InvalidDataException($"Checkpoint.Load: '{path}' holds no {what} saved as '{prefix.TrimEnd('.')}'. It holds: {string.Join(", ", names)}.");
        }
        return d;
    }

    private static ulong[] ParseState(string s) => s.Split(',').Select(x => ulong.Parse(x, CultureInfo.InvariantCulture)).ToArray();
}
