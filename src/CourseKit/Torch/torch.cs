namespace CourseKit.Torch;

/// <summary>
/// The entry point of CourseKit's tensor engine, shaped like TorchSharp's <c>torch</c> class so that
/// course code reads like TorchSharp/PyTorch code.
/// </summary>
public static partial class torch
{
}
