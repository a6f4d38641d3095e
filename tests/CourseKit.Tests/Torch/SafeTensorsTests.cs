using CourseKit.Nets;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CourseKit.Torch;
using static CourseKit.Torch.torch;
using static CourseKit.Torch.torch.nn;

namespace CourseKit.Tests.Torch;

/// <summary>The safetensors format: round trips, a file written byte by byte from the spec, and corrupt files.</summary>
public sealed class SafeTensorsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "coursekit-st-" + Guid.NewGuid().ToString("N"));

    public SafeTensorsTests() => Directory.CreateDirectory(_dir);
    public void Dispose() { try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } }

    private static void SameTensor(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.equal(actual), $"values differ: {expected} vs {actual}");
    }

    /// <summary>8-byte little-endian header length, the JSON header padded with spaces to a multiple of 8, then the data.</summary>
    private static byte[] Build(string json, byte[] data, int pad = -1)
    {
        var h = Encoding.UTF8.GetBytes(json);
        int padded = pad >= 0 ? h.Length + pad : (h.Length + 7) / 8 * 8;
        var r = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(r, (ulong)padded);
        h.CopyTo(r, 8);
        for (int i = 8 + h.Length; i < 8 + padded; i++) r[i] = (byte)' ';
        data.CopyTo(r, 8 + padded);
        return r;
    }

    [Fact]
    public void RoundTripOfEveryDtypeIncludingZeroDimAndEmpty()
    {
        var tensors = new Dictionary<string, Tensor>
        {
            ["f32"] = tensor(new float[] { 1.5f, -2, float.MaxValue, float.Epsilon, 0, -0f }, [2, 3]),
            ["f64"] = tensor(Math.PI),
            ["i64"] = tensor(new long[] { long.MinValue, -1, 0, long.MaxValue }),
            ["bool"] = tensor(new[] { true, false, false, true }, [2, 2]),
            ["empty"] = zeros(0),
            ["empty2d"] = zeros([2, 0], ScalarType.Int64),
            ["scalar_bool"] = tensor(true),
            ["view"] = tensor(new float[] { 1, 2, 3, 4, 5, 6 }, [3, 2])[1],
        };
        var path = Path.Combine(_dir, "all.safetensors");
        SafeTensors.Save(path, tensors, new Dictionary<string, string> { ["format"] = "pt", ["note"] = "a \"quoted\" <value>" });
        var loaded = SafeTensors.Load(path, out var meta);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (k, t) in tensors) SameTensor(t, loaded[k]);
        Assert.Equal(new float[] { 3, 4 }, loaded["view"].ToArray<float>());
        Assert.Equal("pt", meta["format"]);
        Assert.Equal("a \"quoted\" <value>", meta["note"]);
        Assert.Equal(BitConverter.SingleToInt32Bits(-0f), BitConverter.SingleToInt32Bits(loaded["f32"].ToArray<float>()[5]));
    }

    [Fact]
    public void OurFilesFollowTheSpecLayout()
    {
        var bytes = SafeTensors.Serialize(new Dictionary<string, Tensor>
        {
            ["b"] = tensor(new long[] { 7 }),
            ["a"] = tensor(new float[] { 1, 2 }, [1, 2]),
        });
        ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, n % 8);                      // data stays 8-byte aligned
        Assert.Equal((long)(8 + n + 8 + 8), bytes.LongLength);
        var header = Encoding.UTF8.GetString(bytes, 8, (int)n);
        Assert.Equal(header.TrimEnd(' ').Length + (header.Length - header.TrimEnd(' ').Length), header.Length);
        using var doc = JsonDocument.Parse(header.TrimEnd(' '));
        // As the official writer: the int64 tensor (wider dtype) comes first, whatever the names.
        var a = doc.RootElement.GetProperty("a");
        Assert.Equal("F32", a.GetProperty("dtype").GetString());
        Assert.Equal(new long[] { 1, 2 }, a.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(new long[] { 8, 16 }, a.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        var b = doc.RootElement.GetProperty("b");
        Assert.Equal("I64", b.GetProperty("dtype").GetString());
        Assert.Equal(new long[] { 0, 8 }, b.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        int data = 8 + (int)n;
        Assert.Equal(7L, BitConverter.ToInt64(bytes, data));
        Assert.Equal(1f, BitConverter.ToSingle(bytes, data + 8));
        Assert.Equal(2f, BitConverter.ToSingle(bytes, data + 12));
    }

    [Fact]
    public void AFileWrittenByHandFromTheSpecLoads()
    {
        var data = new List<byte>();
        data.AddRange([0x00, 0x3E, 0x00, 0xC0]);                          // a: F16 1.5, -2.0
        data.AddRange([0x80, 0x3F, 0x60, 0xC0]);                          // b: BF16 1.0, -3.5
        data.AddRange([0xF9, 0xFF, 0xFF, 0xFF, 0x40, 0xE2, 0x01, 0x00]);  // c: I32 -7, 123456
        data.AddRange([0x00, 0x00, 0x80, 0x3E]);                          // d: F32 0.25 (0-dim)
        data.AddRange([0x01, 0x00, 0x01]);                                // e: BOOL
        data.AddRange([0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0xBF]);  // g: F64 -1.5
        data.AddRange([200, 7]);                                          // h: U8
        data.AddRange([0xFF, 0x80]);                                      // i: I8 -1, -128
        data.AddRange([0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);  // j: I64 2
        string json = """
            {"__metadata__":{"format":"pt","source":"hand"},
             "a":{"dtype":"F16","shape":[2],"data_offsets":[0,4]},
             "b":{"dtype":"BF16","shape":[1,2],"data_offsets":[4,8]},
             "c":{"dtype":"I32","shape":[2,1],"data_offsets":[8,16]},
             "d":{"dtype":"F32","shape":[],"data_offsets":[16,20]},
             "e":{"dtype":"BOOL","shape":[3],"data_offsets":[20,23]},
             "f":{"dtype":"I64","shape":[0,3],"data_offsets":[23,23]},
             "g":{"dtype":"F64","shape":[1],"data_offsets":[23,31]},
             "h":{"dtype":"U8","shape":[2],"data_offsets":[31,33]},
             "i":{"dtype":"I8","shape":[2],"data_offsets":[33,35]},
             "j":{"dtype":"I64","shape":[1],"data_offsets":[35,43]}}
            """;
        var path = Path.Combine(_dir, "hand.safetensors");
        File.WriteAllBytes(path, Build(json, data.ToArray(), pad: 13));   // odd padding: readers must not assume alignment
        var t = SafeTensors.Load(path, out var meta);
        Assert.Equal("hand", meta["source"]);
        Assert.Equal(10, t.Count);
        SameTensor(tensor(new float[] { 1.5f, -2f }), t["a"]);
        SameTensor(tensor(new float[] { 1f, -3.5f }, [1, 2]), t["b"]);
        SameTensor(tensor(new long[] { -7, 123456 }, [2, 1]), t["c"]);
        SameTensor(tensor(0.25f), t["d"]);
        SameTensor(tensor(new[] { true, false, true }), t["e"]);
        SameTensor(zeros([0, 3], ScalarType.Int64), t["f"]);
        SameTensor(tensor(new double[] { -1.5 }), t["g"]);
        SameTensor(tensor(new long[] { 200, 7 }), t["h"]);
        SameTensor(tensor(new long[] { -1, -128 }), t["i"]);
        SameTensor(tensor(new long[] { 2 }), t["j"]);
    }

    [Fact]
    public void ModuleSaveAndLoadRoundTrip()
    {
        manual_seed(9);
        var a = Sequential(Conv2d(2, 3, 3), ReLU(), Flatten(), Linear(12, 2));
        var b = Sequential(Conv2d(2, 3, 3), ReLU(), Flatten(), Linear(12, 2));
        var path = Path.Combine(_dir, "sub", "dir", "net.safetensors");    // missing folders are created
        a.save(path);
        b.load(path);
        var x = randn([2, 2, 4, 4]);
        Assert.True(a.forward(x).equal(b.forward(x)));
        var c = Sequential(Conv2d(2, 3, 3), ReLU(), Flatten(), Linear(12, 3));
        var ex = Assert.Throws<ArgumentException>(() => c.load(path));
        Assert.Contains("3.weight", ex.Message);
    }

    [Fact]
    public void SavingIsAtomicAndLeavesNoTemporaryFiles()
    {
        var path = Path.Combine(_dir, "w.safetensors");
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = ones(3) });
        SafeTensors.Save(path, new Dictionary<string, Tensor> { ["x"] = zeros(5) });   // overwrite
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
        SameTensor(zeros(5), SafeTensors.Load(path)["x"]);

        // A failed write (the target is a directory) throws and still leaves nothing behind.
        var blocked = Path.Combine(_dir, "blocked");
        Directory.CreateDirectory(blocked);
        Assert.ThrowsAny<IOException>(() => SafeTensors.Save(blocked, new Dictionary<string, Tensor> { ["x"] = ones(3) }));
        Assert.Equal(new[] { path }, Directory.GetFiles(_dir));
        Assert.Empty(Directory.GetFiles(blocked));
    }

    // ---- corrupt files -----------------------------------------------------------------------------------

    private static InvalidDataException Corrupt(byte[] bytes)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensors.Deserialize(bytes, out _, "bad.safetensors"));
        Assert.Contains("bad.safetensors", ex.Message);
        Assert.Contains("not a valid safetensors file", ex.Message);
        Assert.Contains("re-save", ex.Message);
        return ex;
    }

    private static byte[] Valid() => SafeTensors.Serialize(new Dictionary<string, Tensor> { ["w"] = tensor(new float[] { 1, 2, 3 }) });

    [Fact]
    public void TruncatedFilesThrowInvalidData()
    {
        Assert.Contains("fewer than the 8-byte header length", Corrupt([1, 2, 3]).Message);
        Assert.Contains("fewer than the 8-byte header length", Corrupt([]).Message);
        var v = Valid();
        Assert.Contains("outside the", Corrupt(v[..^3]).Message);                 // data cut short
        Assert.Contains("header claims", Corrupt(v[..20]).Message);               // header cut short
    }

    [Fact]
    public void AHeaderLongerThanTheFileOrAbsurdlyLongThrowsInvalidData()
    {
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Contains("header claims", Corrupt(bytes).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 200_000_000);
        Assert.Contains("header claims", Corrupt(bytes).Message);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 9);
        Assert.Contains("header claims 9 bytes but the file has 8", Corrupt(bytes).Message);
    }

    [Fact]
    public void MalformedHeadersThrowInvalidDataNamingTheProblem()
    {
        Assert.Contains("does not parse", Corrupt(Build("{\"w\": {\"dtype\": ", [])).Message);
        Assert.Contains("not a JSON object", Corrupt(Build("[1, 2]", [])).Message);
        Assert.Contains("'w' lacks dtype, shape or data_offsets", Corrupt(Build("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4])).Message);
        Assert.Contains("'w' has a malformed entry", Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":3,\"data_offsets\":[0,4]}}", new byte[4])).Message);
        Assert.Contains("'w' has a malformed entry", Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", new byte[4])).Message);
        Assert.Contains("'w' has a malformed entry", Corrupt(Build("{\"w\":[1,2]}", new byte[4])).Message);
        Assert.Contains("F8_E4M3", Corrupt(Build("{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[0,4]}}", new byte[4])).Message);
    }

    [Fact]
    public void OffsetsOutOfRangeOrInconsistentWithTheShapeThrowInvalidData()
    {
        Assert.Contains("data_offsets [0, 1000] outside the 12-byte data section",
            Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,1000]}}", new byte[12])).Message);
        Assert.Contains("outside", Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,4]}}", new byte[12])).Message);
        Assert.Contains("outside", Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[-4,0]}}", new byte[12])).Message);
        Assert.Contains("outside", Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", new byte[12])).Message);
        Assert.Contains("needs 12 bytes but its data_offsets span 8",
            Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[12])).Message);
    }

    [Fact]
    public void ANegativeOrOverflowingShapeThrowsInvalidData()
    {
        Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", new byte[4]));
        Corrupt(Build("{\"w\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,4]}}", new byte[4]));
    }

    [Fact]
    public void AMissingFileNamesThePath()
    {
        var path = Path.Combine(_dir, "nope.safetensors");
        var ex = Assert.Throws<FileNotFoundException>(() => SafeTensors.Load(path));
        Assert.Contains(path, ex.Message);
        Assert.Throws<FileNotFoundException>(() => Sequential(Linear(1, 1)).load(path));
    }

    [Fact]
    public void AnEmptyDictionaryRoundTrips()
    {
        var bytes = SafeTensors.Serialize(new Dictionary<string, Tensor>());
        Assert.Empty(SafeTensors.Deserialize(bytes, out var meta));
        Assert.Empty(meta);
    }
}
