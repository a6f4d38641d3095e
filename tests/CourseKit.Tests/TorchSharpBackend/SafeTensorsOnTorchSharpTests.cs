using CourseKit.Nets;
using System.Text;

namespace CourseKit.Tests.TorchSharpBackend;

/// <summary>CourseKit's safetensors reader and writer, built on TorchSharp: the same files and bytes as on CourseKit's engine.</summary>
public sealed class SafeTensorsOnTorchSharpTests
{
    static string Samples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CourseKit.sln")))
                return Path.Combine(dir.FullName, "tests", "CourseKit.Tests", "Torch", "SafeTensorsSamples");
        throw new DirectoryNotFoundException($"No CourseKit.sln above {AppContext.BaseDirectory}: cannot find the safetensors samples.");
    }

    [Fact]
    public void FilesTheOfficialLibraryWroteLoadAsTorchSharpTensors()
    {
        var all = SafeTensors.Load(Path.Combine(Samples(), "overall.safetensors"), out var metadata);
        Assert.Equal("a", metadata["test"]);
        Assert.Equal(9, all.Count);
        Assert.Equal(torch.float32, all["f"].dtype);
        Assert.Equal(new float[] { -3, -2, -1, 0, 1, 2 }, all["f"].data<float>().ToArray());
        Assert.Equal(torch.int64, all["i"].dtype);
        Assert.Equal(new long[] { -3, -2, -1, 0, 1, 2 }, all["i"].data<long>().ToArray());
        Assert.Equal(new long[] { 253, 254, 255, 0, 1, 2 }, all["B"].data<long>().ToArray());
    }

    [Fact]
    public void ItWritesTheBytesTheOfficialWriterWritesForA2x2Tensor()
    {
        var bytes = SafeTensors.Serialize(new Dictionary<string, torch.Tensor> { ["test"] = torch.tensor(new float[] { 0, 0, 0, 1 }, [2, 2]) });
        byte[] expected = [.. Encoding.ASCII.GetBytes("@\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    "),
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x3f];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void ModuleWeightsRoundTripThroughAFile()
    {
        torch.manual_seed(1);
        var net = CourseKit.Nets.Mlp.Build(3, 2, 1, 8);
        var path = Path.Combine(Path.GetTempPath(), $"ts-{Guid.NewGuid():N}.safetensors");
        SafeTensors.Save(path, net.state_dict());
        var back = CourseKit.Nets.Mlp.Build(3, 2, 1, 8);
        back.load_state_dict(SafeTensors.Load(path));
        File.Delete(path);
        var x = torch.tensor(new float[] { 0.1f, -0.2f, 0.3f }, [1, 3]);
        Assert.Equal(net.forward(x).data<float>().ToArray(), back.forward(x).data<float>().ToArray());
    }

    [Fact]
    public void AnInt32TensorIsRefusedWithTheFix()
    {
        // TorchSharp's tensor(int[]) is int32, which the course's files do not hold.
        var e = Assert.Throws<ArgumentException>(() => SafeTensors.Serialize(new Dictionary<string, torch.Tensor> { ["n"] = torch.tensor(new[] { 1, 2 }) }));
        Assert.Contains("'n'", e.Message);
        Assert.Contains("to_type", e.Message);
    }
}
