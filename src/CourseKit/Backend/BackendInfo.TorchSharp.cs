namespace CourseKit.Backend;

/// <summary>What the device report says about the TorchSharp backend. BackendInfo.CourseKit.cs is the same surface on CourseKit's engine.</summary>
internal static class BackendInfo
{
    /// <summary>TorchSharp's version and LibTorch's CPU threads.</summary>
    internal static string Engine => $"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)} on LibTorch, {torch.get_num_threads()} CPU threads";

    /// <summary>Why there is no CUDA device, as the end of a sentence.</summary>
    internal const string NoCuda = "TorchSharp reports none: this build references LibTorch for the CPU (libtorch-cpu), or no NVIDIA driver is installed.";
}
