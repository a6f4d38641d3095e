using CourseKit.Nets;
using System.Text;
using CourseKit.Torch;
using static CourseKit.Torch.torch;

namespace CourseKit.Tests.Torch;

/// <summary>
/// Compatibility with the official safetensors library: files it wrote load here, and for the inputs
/// its own test suite pins down byte for byte, CourseKit writes the same bytes.
/// </summary>
public sealed class SafeTensorsInteropTests
{
    private static string Samples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CourseKit.sln")))
                return Path.Combine(dir.FullName, "tests", "CourseKit.Tests", "Torch", "SafeTensorsSamples");
        throw new DirectoryNotFoundException($"No CourseKit.sln above {AppContext.BaseDirectory}: cannot find the safetensors samples.");
    }

    // Each sample tensor holds -3..2 cast to its dtype; F16 becomes float32 and the integer types int64.
    public static TheoryData<string, string, ScalarType, double[]> Files() => new()
    {
        { "U8", "B", ScalarType.Int64, [253, 254, 255, 0, 1, 2] },
        { "U16", "H", ScalarType.Int64, [65533, 65534, 65535, 0, 1, 2] },
        { "U32", "I", ScalarType.Int64, [4294967293, 4294967294, 4294967295, 0, 1, 2] },
        { "I8", "b", ScalarType.Int64, [-3, -2, -1, 0, 1, 2] },
        { "I16", "h", ScalarType.Int64, [-3, -2, -1, 0, 1, 2] },
        { "I32", "i", ScalarType.Int64, [-3, -2, -1, 0, 1, 2] },
        { "F16", "e", ScalarType.Float32, [-3, -2, -1, 0, 1, 2] },
        { "F32", "f", ScalarType.Float32, [-3, -2, -1, 0, 1, 2] },
        { "F64", "d", ScalarType.Float64, [-3, -2, -1, 0, 1, 2] },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void AFileWrittenByTheOfficialLibraryLoads(string file, string name, ScalarType dtype, double[] values)
    {
        var tensors = SafeTensors.Load(Path.Combine(Samples(), file + ".safetensors"), out var metadata);
        Assert.Equal([name], tensors.Keys);
        Assert.Equal("a", metadata["test"]);
        var t = tensors[name];
        Assert.Equal(dtype, t.dtype);
        Assert.Equal(new long[] { 6 }, t.shape);
        Assert.Equal(values, t.ToArray<double>());
    }

    [Fact]
    public void TheOfficialLibrarysFileWithNineDtypesLoadsWhole()
    {
        var tensors = SafeTensors.Load(Path.Combine(Samples(), "overall.safetensors"), out var metadata);
        Assert.Equal(new Dictionary<string, string> { ["test"] = "a" }, metadata);
        foreach (var row in Files())
        {
            var (name, dtype, values) = ((string)row[1], (ScalarType)row[2], (double[])row[3]);
            Assert.Equal(dtype, tensors[name].dtype);
            Assert.Equal(values, tensors[name].ToArray<double>());
        }
        Assert.Equal(9, tensors.Count);
    }

    // The bytes the library's Python tests expect from save() of a 2x2 tensor, from its PyTorch and NumPy
    // test suites: an I32 tensor there. CourseKit writes no I32, so the F32 counterpart (same layout: the
    // dtype code has the same length and the element the same size) is what is compared.
    private static byte[] LibraryBytes(string header, byte[] data) => [.. Encoding.ASCII.GetBytes(header), .. data];

    [Fact]
    public void CourseKitWritesTheBytesTheOfficialWriterWritesForA2x2Tensor()
    {
        var data = new float[] { 0, 0, 0, 1 };
        var bytes = SafeTensors.Serialize(new Dictionary<string, Tensor> { ["test"] = tensor(data, [2, 2]) });
        var expected = LibraryBytes("@\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}    ",
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x3f]);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void CourseKitWritesMetadataWhereTheOfficialWriterDoes()
    {
        var bytes = SafeTensors.Serialize(
            new Dictionary<string, Tensor> { ["test1"] = torch.zeros(2, 2) },
            new Dictionary<string, string> { ["framework"] = "pt" });
        var expected = LibraryBytes("`\0\0\0\0\0\0\0{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,16]}} ",
            new byte[16]);
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void BytesTheLibrarysTestsFeedItsReaderLoadHere()
    {
        // From the library's reader tests: an unpadded header (0x3c bytes) and a PyTorch-style metadata block.
        var unpadded = LibraryBytes("<\0\0\0\0\0\0\0{\"test\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}", new byte[16]);
        var t = SafeTensors.Deserialize(unpadded, out var none)["test"];
        Assert.Empty(none);
        Assert.Equal(new long[] { 2, 2 }, t.shape);
        Assert.Equal(new long[] { 0, 0, 0, 0 }, t.data<long>().ToArray());

        var withMetadata = LibraryBytes("f\0\0\0\0\0\0\0{\"__metadata__\":{\"framework\":\"pt\"},\"test1\":{\"dtype\":\"I32\",\"shape\":[2,2],\"data_offsets\":[0,16]}}       ",
            [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
        var loaded = SafeTensors.Deserialize(withMetadata, out var metadata);
        Assert.Equal("pt", metadata["framework"]);
        Assert.Equal(new long[] { 0, 0, 0, 1 }, loaded["test1"].data<long>().ToArray());
    }

    [Fact]
    public void TensorsAreWrittenWidestDtypeFirstThenByNameAsTheOfficialWriterOrdersThem()
    {
        var bytes = SafeTensors.Serialize(new Dictionary<string, Tensor>
        {
            ["a"] = tensor(new float[] { 1, 2, 3 }),
            ["b"] = tensor(new double[] { 4 }),
            ["c"] = tensor(new bool[] { true }),
            ["d"] = tensor(new long[] { 5 }),
            ["e"] = tensor(new float[] { 6 }),
        });
        int n = (int)BitConverter.ToUInt64(bytes, 0);
        var header = Encoding.UTF8.GetString(bytes, 8, n);
        int[] at = new[] { "\"d\"", "\"b\"", "\"a\"", "\"e\"", "\"c\"" }.Select(k => header.IndexOf(k, StringComparison.Ordinal)).ToArray();
        Assert.Equal(at.Order(), at);
        Assert.Contains("\"d\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}", header);
        Assert.Contains("\"b\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}", header);
        Assert.Contains("\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[16,28]}", header);
        Assert.Contains("\"e\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[28,32]}", header);
        Assert.Contains("\"c\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[32,33]}", header);
        var back = SafeTensors.Deserialize(bytes, out _);
        Assert.Equal(new float[] { 1, 2, 3 }, back["a"].data<float>().ToArray());
        Assert.Equal(5L, back["d"].item<long>());
    }
}
