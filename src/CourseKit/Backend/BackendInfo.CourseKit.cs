using System.Runtime.Intrinsics;

namespace CourseKit.Backend;

/// <summary>What the device report says about CourseKit's own engine. BackendInfo.TorchSharp.cs is the same surface on TorchSharp.</summary>
internal static class BackendInfo
{
    /// <summary>The engine, its threads and its widest SIMD.</summary>
    internal static string Engine =>
        $"CourseKit's managed engine, {Environment.ProcessorCount} CPU threads, SIMD: " +
        (Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "128-bit");

    /// <summary>Nothing to do: the engine splits work in fixed bands, so its results are the same on any number of threads.</summary>
    internal static void MakeReproducible() { }

    /// <summary>Why there is no CUDA device, as the end of a sentence.</summary>
    internal const string NoCuda = "CourseKit's engine runs on the CPU only: a GPU needs the TorchSharp backend on a CUDA build of LibTorch.";
}
