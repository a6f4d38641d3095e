using CourseKit.Backend;

namespace CourseKit.Rl;

/// <summary>
/// Where the course's tensors run, chosen the same way on both backends: <c>COURSEKIT_DEVICE</c> (or the argument)
/// is <c>auto</c> (the default: CUDA when the backend reports a GPU, otherwise the CPU), <c>cpu</c>, <c>cuda</c> or
/// <c>cuda:N</c>. Asking for CUDA where there is none stops with what to install, instead of a failure deep inside
/// a training loop. Every notebook's setup cell prints <see cref="Describe()"/>.
/// </summary>
public static class CourseDevice
{
    /// <summary>The environment variable that chooses the device for a whole run.</summary>
    public const string Variable = "COURSEKIT_DEVICE";

    /// <summary>CUDA when the backend reports a GPU, otherwise the CPU.</summary>
    public static Device Auto() => torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>
    /// The device <paramref name="request"/> names (when null: <c>COURSEKIT_DEVICE</c>, and <c>auto</c> when that is
    /// unset): <c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The request is none of those.</exception>
    /// <exception cref="InvalidOperationException">CUDA was asked for and this build or machine has no such GPU.</exception>
    public static Device Select(string? request = null)
    {
        string from = request is null ? $"{Variable}={Environment.GetEnvironmentVariable(Variable)}" : $"\"{request}\"";
        string text = (request ?? Environment.GetEnvironmentVariable(Variable) ?? "auto").Trim().ToLowerInvariant();
        if (text is "" or "auto") return Auto();
        if (text == "cpu") return torch.CPU;
        if (text == "cuda" || (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out int n) && n >= 0))
        {
            int index = text == "cuda" ? 0 : int.Parse(text.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
            int count = torch.cuda.is_available() ? torch.cuda.device_count() : 0;
            if (index < count) return torch.device(text);
            throw new InvalidOperationException(count == 0
                ? $"CourseDevice: {from} asks for a GPU, and {BackendInfo.NoCuda} Use \"cpu\" or \"auto\", or see the README's section \"A GPU\" for the TorchSharp-cuda packages."
                : $"CourseDevice: {from} asks for GPU {index}, but TorchSharp reports {count} (cuda:0 to cuda:{count - 1}).");
        }
        throw new ArgumentException($"CourseDevice: {from} is not a device. Use \"auto\" (the default), \"cpu\", \"cuda\" or \"cuda:N\".");
    }

    /// <summary>One line for a notebook's setup cell: the device <see cref="Select"/> gives, the backend under it, and whether CUDA is there.</summary>
    public static string Describe() => Describe(Select());

    /// <summary>One line about <paramref name="device"/>, the backend under it, and whether CUDA is there.</summary>
    public static string Describe(Device device) =>
        $"Tensors run on: {device} ({BackendInfo.Engine}). " +
        (torch.cuda.is_available()
            ? $"CUDA available: {torch.cuda.device_count()} GPU(s); set {Variable}=cpu to compare."
            : $"CUDA available: no ({BackendInfo.NoCuda}) The README's section \"A GPU\" says what one buys here and how to switch.");
}
