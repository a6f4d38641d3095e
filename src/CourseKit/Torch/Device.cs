namespace CourseKit.Torch;

/// <summary>The kind of device a tensor lives on.</summary>
public enum DeviceType
{
    /// <summary>The CPU: where CourseKit's managed engine runs.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU: reachable only through the TorchSharp backend.</summary>
    CUDA = 1,
}

public static partial class torch
{
    /// <summary>A device such as <c>cpu</c> or <c>cuda:0</c>, as in TorchSharp.</summary>
    public sealed partial class Device : IEquatable<Device>
    {
        /// <summary>The device kind.</summary>
        public DeviceType type { get; }
        /// <summary>The device index (-1 when unspecified).</summary>
        public int index { get; }

        /// <summary>Creates a device of the given kind.</summary>
        public Device(DeviceType type, int index = -1)
        {
            this.type = type;
            this.index = index;
        }

        /// <summary>Parses "cpu", "cuda" or "cuda:N".</summary>
        public Device(string description)
        {
            var d = (description ?? throw new ArgumentNullException(nameof(description))).Trim().ToLowerInvariant();
            var parts = d.Split(':');
            type = parts[0] switch
            {
                "cpu" => DeviceType.CPU,
                "cuda" => DeviceType.CUDA,
                _ => throw new ArgumentException($"device: unknown device '{description}'; use \"cpu\" or \"cuda\" (cuda needs the TorchSharp backend)."),
            };
            index = parts.Length > 1 && int.TryParse(parts[1], out var i) ? i : -1;
        }

        /// <inheritdoc />
        public override string ToString() => (type == DeviceType.CPU ? "cpu" : "cuda") + (index >= 0 ? ":" + index : "");
        /// <inheritdoc />
        public bool Equals(Device? other) => other is not null && other.type == type;
        /// <inheritdoc />
        public override bool Equals(object? obj) => obj is Device d && Equals(d);
        /// <inheritdoc />
        public override int GetHashCode() => (int)type;

        /// <summary>Throws a student-actionable error for any device other than the CPU.</summary>
        internal static void EnsureCpu(Device? device, string op)
        {
            if (device is null || device.type == DeviceType.CPU) return;
            throw new NotSupportedException(
                $"{op}: device '{device}' is not available. CourseKit's managed tensor engine runs on the CPU only " +
                "(torch.cuda.is_available() is false). To train on a GPU, switch the notebook to TorchSharp: " +
                "reference the TorchSharp-cuda-linux (or -windows) package and change 'using CourseKit.Torch' to " +
                "'using TorchSharp'; the course code is written against the same API. Until then use torch.CPU or CourseDevice.Select() (README, section \"A GPU\").");
        }
    }

    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);
    /// <summary>The first CUDA device (not available in this engine: using it raises a clear error).</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA, 0);

    /// <summary>Creates a device from a description such as "cpu" or "cuda:0".</summary>
    public static Device device(string description) => new(description);
    /// <summary>Creates a device of the given kind.</summary>
    public static Device device(DeviceType type, int index = -1) => new(type, index);

    /// <summary>CUDA queries, as in TorchSharp. This engine has no CUDA backend.</summary>
    public static class cuda
    {
        /// <summary>Always false: CourseKit's engine runs on the CPU.</summary>
        public static bool is_available() => false;
        /// <summary>Always 0.</summary>
        public static int device_count() => 0;
        /// <summary>Does nothing on the CPU engine (kept so ported code compiles).</summary>
        public static void manual_seed(long seed) { }
        /// <summary>Does nothing on the CPU engine (kept so ported code compiles).</summary>
        public static void synchronize() { }
    }
}
