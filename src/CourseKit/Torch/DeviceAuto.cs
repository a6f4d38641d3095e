namespace CourseKit.Torch;

public static partial class torch
{
    public sealed partial class Device
    {
        /// <summary>
        /// The best device available: CUDA when a GPU backend is present, otherwise the CPU. With CourseKit's
        /// managed engine this is always the CPU, so notebooks that call it run unchanged on TorchSharp-cuda.
        /// </summary>
        public static Device Auto() => cuda.is_available() ? CUDA : CPU;

        /// <summary>A one-paragraph report of where tensors run and how to get a GPU, for the course's device cell.</summary>
        public static string Describe() =>
            $"Tensors run on: {Auto()} (CourseKit managed engine, {Environment.ProcessorCount} CPU threads, " +
            $"SIMD: {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "AVX-512" : System.Runtime.Intrinsics.Vector256.IsHardwareAccelerated ? "AVX2" : "128-bit")}). " +
            "CUDA available: False. For a GPU, reference TorchSharp-cuda and change 'using CourseKit.Torch' to 'using TorchSharp'.";
    }
}
