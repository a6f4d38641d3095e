using CourseKit.Backend;
using CourseKit.Rl;
using TorchSharp;

namespace CourseKit.Tests.TorchSharpBackend;

/// <summary>Seed.Everything runs LibTorch on one thread unless COURSEKIT_TORCH_THREADS asks for more; a bad value is refused.</summary>
public class LibTorchThreadsTests
{
    [Fact]
    public void SeedEverythingLeavesLibTorchOnOneThreadAndTheSetupLineSaysSo()
    {
        int expected = BackendInfo.ThreadsFrom(Environment.GetEnvironmentVariable(BackendInfo.ThreadsVariable));   // 1 unless the run sets it
        torch.set_num_threads(expected + 1);
        Seed.Everything(0);
        Assert.Equal(expected, torch.get_num_threads());
        Assert.Contains(expected == 1 ? "on LibTorch, 1 CPU thread)" : $"on LibTorch, {expected} CPU threads)", CourseDevice.Describe(torch.CPU));
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData("", 1)]
    [InlineData("2", 2)]
    [InlineData(" 4 ", 4)]
    public void TheVariableGivesTheThreadCount(string? value, int expected) => Assert.Equal(expected, BackendInfo.ThreadsFrom(value));

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("two")]
    [InlineData("1.5")]
    public void ABadValueIsRefusedWithWhatToWrite(string value)
    {
        var e = Assert.Throws<ArgumentException>(() => BackendInfo.ThreadsFrom(value));
        Assert.Contains("COURSEKIT_TORCH_THREADS=" + value, e.Message);
        Assert.Contains("whole number of 1 or more", e.Message);
    }
}
