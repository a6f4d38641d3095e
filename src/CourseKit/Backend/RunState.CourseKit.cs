using System.Globalization;

namespace CourseKit.Backend;

/// <summary>
/// The parts of a training run's state that each backend keeps its own way: optimizer state and the tensor
/// random generator. This file is CourseKit's engine, where both are plain tensors and six words;
/// RunState.TorchSharp.cs is the same surface on TorchSharp. The build compiles exactly one.
/// </summary>
internal static class RunState
{
    /// <summary>Which backend wrote a checkpoint: optimizer and tensor-generator state only load into the same one.</summary>
    internal const string Backend = "CourseKit";

    /// <summary>Adds optimizer <paramref name="name"/>'s state to a checkpoint being written.</summary>
    internal static void SaveOptimizer(string name, optim.Optimizer optimizer, Dictionary<string, Tensor> tensors, Dictionary<string, string> meta)
    {
        foreach (var (k, t) in optimizer.state_dict()) tensors[$"optim.{name}.{k}"] = t;
    }

    /// <summary>Restores optimizer <paramref name="name"/>'s state from a checkpoint of this backend.</summary>
    internal static void LoadOptimizer(string name, optim.Optimizer optimizer, Func<Dictionary<string, Tensor>> section, IReadOnlyDictionary<string, string> meta) =>
        optimizer.load_state_dict(section());

    /// <summary>The tensor generator's state as text.</summary>
    internal static string TensorRngState() => string.Join(",", default_generator.get_state());

    /// <summary>Restores <see cref="TensorRngState"/>.</summary>
    internal static void SetTensorRngState(string state) =>
        default_generator.set_state(state.Split(',').Select(x => ulong.Parse(x, CultureInfo.InvariantCulture)).ToArray());
}
