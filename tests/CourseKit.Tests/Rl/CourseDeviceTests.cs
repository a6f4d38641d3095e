using CourseKit.Rl;

namespace CourseKit.Tests.Rl;

// Runs on both backends; the machines that run the tests have no GPU, and the TorchSharp build references the CPU LibTorch.
public class CourseDeviceTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData(" AUTO ")]
    [InlineData("")]
    [InlineData("cpu")]
    [InlineData("CPU")]
    public void WithoutAGpuAutoAndCpuGiveTheCpu(string request)
    {
        Assert.False(torch.cuda.is_available());
        Assert.Equal(torch.CPU.ToString(), CourseDevice.Select(request).ToString());
        Assert.Equal("cpu", CourseDevice.Auto().ToString());
    }

    [Theory]
    [InlineData("cuda")]
    [InlineData("cuda:0")]
    [InlineData("cuda:3")]
    public void AskingForAGpuThatIsNotThereSaysWhatToDo(string request)
    {
        var e = Assert.Throws<InvalidOperationException>(() => CourseDevice.Select(request));
        Assert.Contains($"\"{request}\" asks for a GPU", e.Message);
        Assert.Contains("TorchSharp", e.Message);
        Assert.Contains("\"cpu\"", e.Message);
        Assert.Contains("A GPU", e.Message);   // the README section that lists the packages
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:")]
    [InlineData("cuda:-1")]
    [InlineData("cuda:x")]
    [InlineData("mps")]
    public void AnUnknownDeviceIsRefusedWithTheChoices(string request)
    {
        var e = Assert.Throws<ArgumentException>(() => CourseDevice.Select(request));
        Assert.Contains($"\"{request}\" is not a device", e.Message);
        Assert.Contains("\"auto\" (the default), \"cpu\", \"cuda\" or \"cuda:N\"", e.Message);
    }

    [Fact]
    public void TheVariableChoosesWhenNoDeviceIsGiven()
    {
        string? before = Environment.GetEnvironmentVariable(CourseDevice.Variable);
        try
        {
            Environment.SetEnvironmentVariable(CourseDevice.Variable, null);
            Assert.Equal("cpu", CourseDevice.Select().ToString());
            Environment.SetEnvironmentVariable(CourseDevice.Variable, "cpu");
            Assert.Equal("cpu", CourseDevice.Select().ToString());
            Environment.SetEnvironmentVariable(CourseDevice.Variable, "cuda");
            var e = Assert.Throws<InvalidOperationException>(() => CourseDevice.Select());
            Assert.Contains("COURSEKIT_DEVICE=cuda asks for a GPU", e.Message);
            Environment.SetEnvironmentVariable(CourseDevice.Variable, "tpu");
            Assert.Contains("COURSEKIT_DEVICE=tpu is not a device", Assert.Throws<ArgumentException>(() => CourseDevice.Describe()).Message);
        }
        finally { Environment.SetEnvironmentVariable(CourseDevice.Variable, before); }
    }

    [Fact]
    public void TheSetupLineNamesTheDeviceTheBackendAndTheMissingGpu()
    {
        string line = CourseDevice.Describe(torch.CPU);
        Assert.StartsWith("Tensors run on: cpu (", line);
        if (typeof(torch).Assembly.GetName().Name == "TorchSharp")
        {
            Assert.Contains("TorchSharp 0.107.0 on LibTorch", line);
            Assert.Contains("libtorch-cpu", line);
        }
        else
        {
            Assert.Contains("CourseKit's managed engine", line);
            Assert.Contains($"{Environment.ProcessorCount} CPU threads", line);
            Assert.Contains("a GPU needs the TorchSharp backend", line);
        }
        Assert.Contains("CUDA available: no", line);
        Assert.DoesNotContain('\n', line);
    }
}
