namespace CourseKit.Backend;

/// <summary>
/// The parts of a training run's state that each backend keeps its own way, on TorchSharp: its optimizers
/// serialize themselves (save_state_dict), kept as base64 in the checkpoint's metadata, and LibTorch's generator
/// state is a byte tensor. RunState.CourseKit.cs is the same surface on CourseKit's engine.
/// </summary>
internal static class RunState
{
    /// <summary>Which backend wrote a checkpoint: optimizer and tensor-generator state only load into the same one.</summary>
    internal const string Backend = "TorchSharp";

    /// <summary>Adds optimizer <paramref name="name"/>'s state to a checkpoint being written.</summary>
    internal static void SaveOptimizer(string name, optim.Optimizer optimizer, Dictionary<string, Tensor> tensors, Dictionary<string, string> meta)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true)) Helper(optimizer, name).save_state_dict(writer);
        meta[$"optim.{name}"] = Convert.ToBase64String(stream.ToArray());
    }

    /// <summary>Restores optimizer <paramref name="name"/>'s state from a checkpoint of this backend.</summary>
    internal static void LoadOptimizer(string name, optim.Optimizer optimizer, Func<Dictionary<string, Tensor>> section, IReadOnlyDictionary<string, string> meta)
    {
        if (!meta.TryGetValue($"optim.{name}", out var blob))
            throw new InvalidDataException($"Checkpoint.Load: the checkpoint holds no optimizer saved as '{name}'.");
        using var reader = new BinaryReader(new MemoryStream(Convert.FromBase64String(blob)));
        Helper(optimizer, name).load_state_dict(reader);
    }

    private static OptimizerHelper Helper(optim.Optimizer optimizer, string name) => optimizer as OptimizerHelper
        ?? throw new ArgumentException($"Checkpoint: optimizer '{name}' ({optimizer.GetType().Name}) cannot save its state; use one of torch.optim's optimizers.");

    /// <summary>The tensor generator's state as text.</summary>
    internal static string TensorRngState()
    {
        using var state = torch.random.get_rng_state();
        return Convert.ToBase64String(state.data<byte>().ToArray());
    }

    /// <summary>Restores <see cref="TensorRngState"/>.</summary>
    internal static void SetTensorRngState(string state)
    {
        var bytes = Convert.FromBase64String(state);
        using var t = torch.tensor(bytes, torch.uint8);
        torch.random.set_rng_state(t);
    }
}
