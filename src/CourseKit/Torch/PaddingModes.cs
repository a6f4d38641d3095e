namespace CourseKit.Torch;

/// <summary>How a convolution pads its input (TorchSharp's enum). This engine implements <see cref="Zeros"/>.</summary>
public enum PaddingModes
{
    /// <summary>Pad with zeros.</summary>
    Zeros = 0,
    /// <summary>Reflect at the border (not supported by this engine).</summary>
    Reflect = 1,
    /// <summary>Repeat the border value (not supported by this engine).</summary>
    Replicate = 2,
    /// <summary>Wrap around (not supported by this engine).</summary>
    Circular = 3,
}
