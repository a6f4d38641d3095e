using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using CourseKit.Backend;

// Written on the backends' shared names (TensorData for the raw values), so both backends read and write
// the same files. It lives with the network helpers (CourseKit.Nets), the same namespace on either backend.
namespace CourseKit.Nets;

/// <summary>
/// Reads and writes the safetensors format (8-byte little-endian header length, a JSON header of
/// name → dtype/shape/data_offsets, then the raw little-endian data), so weights move between
/// CourseKit, PyTorch and TorchSharp.
/// </summary>
public static class SafeTensors
{
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Writes tensors (and optional string metadata) to <paramref name="path"/> atomically: a temporary file, then a rename.</summary>
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var bytes = Serialize(tensors, metadata);
        var full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var tmp = full + ".tmp-" + Environment.ProcessId + "-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            File.WriteAllBytes(tmp, bytes);
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    /// <summary>The file contents for <paramref name="tensors"/>.</summary>
    public static byte[] Serialize(IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        // The official writer's order: by dtype, widest first (I64, F64, F32, BOOL), then by name. Wider
        // dtypes first keeps every tensor's data aligned to its element size.
        var names = tensors.Keys.OrderByDescending(k => WriteRank(tensors[k].dtype)).ThenBy(k => k, StringComparer.Ordinal).ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var n in names)
        {
            var t = tensors[n];
            long len = t.numel() * ElementSize(t.dtype, n);
            header[n] = new Dictionary<string, object> { ["dtype"] = Code(t.dtype), ["shape"] = t.shape, ["data_offsets"] = new[] { offset, offset + len } };
            offset += len;
        }
        var json = JsonSerializer.SerializeToUtf8Bytes(header);
        int padded = (json.Length + 7) / 8 * 8;   // keep the data 8-byte aligned, padding with spaces as the format allows
        var result = new byte[8 + padded + offset];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        json.CopyTo(result, 8);
        for (int i = 8 + json.Length; i < 8 + padded; i++) result[i] = (byte)' ';
        long pos = 8 + padded;
        foreach (var n in names)
        {
            var t = tensors[n];
            var raw = t.dtype switch
            {
                ScalarType.Float32 => MemoryMarshal.AsBytes(TensorData.Values<float>(t)),
                ScalarType.Float64 => MemoryMarshal.AsBytes(TensorData.Values<double>(t)),
                ScalarType.Int64 => MemoryMarshal.AsBytes(TensorData.Values<long>(t)),
                _ => MemoryMarshal.AsBytes(TensorData.Values<bool>(t)),
            };
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors: big-endian machines are not supported.");
            raw.CopyTo(result.AsSpan((int)pos));
            pos += raw.Length;
        }
        return result;
    }

    /// <summary>Reads every tensor of a safetensors file. F16/BF16 become float32 and smaller integer types int64.</summary>
    public static Dictionary<string, Tensor> Load(string path) => Load(path, out _);

    /// <summary>Reads every tensor and the string metadata of a safetensors file.</summary>
    public static Dictionary<string, Tensor> Load(string path, out Dictionary<string, string> metadata)
    {
        if (!File.Exists(path))
            throw new FileNotFoundException($"safetensors: no file at '{Path.GetFullPath(path)}'. Check the path (it is relative to the current directory: {Environment.CurrentDirectory}).", path);
        return Deserialize(File.ReadAllBytes(path), out metadata, path);
    }

    /// <summary>Parses safetensors bytes.</summary>
    public static Dictionary<string, Tensor> Deserialize(byte[] bytes, out Dictionary<string, string> metadata, string source = "<bytes>")
    {
        string Bad(string why) => $"safetensors: '{source}' is not a valid safetensors file: {why}. The file may be truncated or not a safetensors file; re-download or re-save it.";
        if (bytes.Length < 8) throw new InvalidDataException(Bad($"it has only {bytes.Length} bytes, fewer than the 8-byte header length"));
        ulong hlen = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (hlen > (ulong)Math.Min(MaxHeaderBytes, bytes.Length - 8))
            throw new InvalidDataException(Bad($"the header claims {hlen} bytes but the file has {bytes.Length - 8} after the length field"));
        JsonDocument doc;
        try { doc = JsonDocument.Parse(bytes.AsMemory(8, (int)hlen)); }
        catch (JsonException e) { throw new InvalidDataException(Bad("the JSON header does not parse (" + e.Message + ")"), e); }
        long dataStart = 8 + (long)hlen, dataLen = bytes.Length - dataStart;
        metadata = new Dictionary<string, string>();
        var result = new Dictionary<string, Tensor>();
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new InvalidDataException(Bad("the header is not a JSON object"));
            foreach (var entry in doc.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__")
                {
                    if (entry.Value.ValueKind == JsonValueKind.Object)
                        foreach (var m in entry.Value.EnumerateObject()) metadata[m.Name] = m.Value.ToString();
                    continue;
                }
                try
                {
                    var dtype = entry.Value.GetProperty("dtype").GetString() ?? "";
                    var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                    var offs = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()).ToArray();
                    if (offs.Length != 2 || offs[0] < 0 || offs[1] < offs[0] || offs[1] > dataLen)
                        throw new InvalidDataException(Bad($"tensor '{entry.Name}' has data_offsets [{string.Join(", ", offs)}] outside the {dataLen}-byte data section"));
                    result[entry.Name] = Decode(dtype, shape, bytes.AsSpan((int)(dataStart + offs[0]), (int)(offs[1] - offs[0])), entry.Name, Bad);
                }
                catch (KeyNotFoundException) { throw new InvalidDataException(Bad($"tensor '{entry.Name}' lacks dtype, shape or data_offsets")); }
                catch (InvalidOperationException e) { throw new InvalidDataException(Bad($"tensor '{entry.Name}' has a malformed entry ({e.Message})")); }
                catch (FormatException e) { throw new InvalidDataException(Bad($"tensor '{entry.Name}' has a malformed entry ({e.Message})")); }
                catch (ArgumentException e) { throw new InvalidDataException(Bad($"tensor '{entry.Name}' has an invalid shape ({e.Message})")); }
            }
        }
        return result;
    }

    // The safetensors Dtype enum's order, which the official writer sorts by (descending).
    private static int WriteRank(ScalarType t) => t switch
    {
        ScalarType.Int64 => 3,
        ScalarType.Float64 => 2,
        ScalarType.Float32 => 1,
        _ => 0,
    };

    // The dtypes both backends' course code uses; anything else (e.g. TorchSharp's int32) is named, not mislabelled.
    private static long ElementSize(ScalarType t, string name) => t switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 => 4,
        ScalarType.Bool => 1,
        _ => throw new ArgumentException($"safetensors: tensor '{name}' has dtype {t}; save float32, float64, int64 or bool (convert with to_type(...)).", nameof(t)),
    };

    private static string Code(ScalarType t) => t switch
    {
        ScalarType.Float32 => "F32",
        ScalarType.Float64 => "F64",
        ScalarType.Int64 => "I64",
        _ => "BOOL",
    };

    private static Tensor Decode(string dtype, long[] shape, ReadOnlySpan<byte> raw, string name, Func<string, string> bad)
    {
        long count = 1;
        foreach (var d in shape)
            if (d < 0 || (count *= d) > int.MaxValue) throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative size or too many elements");
        int n = (int)count;
        int size = dtype switch { "F32" or "I32" or "U32" => 4, "F64" or "I64" or "U64" => 8, "F16" or "BF16" or "I16" or "U16" => 2, "I8" or "U8" or "BOOL" => 1, _ => -1 };
        if (size < 0) throw new InvalidDataException(bad($"tensor '{name}' has dtype {dtype}, which CourseKit cannot read (supported: F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL)"));
        if (raw.Length != (long)n * size)
            throw new InvalidDataException(bad($"tensor '{name}' of shape [{string.Join(", ", shape)}] and dtype {dtype} needs {(long)n * size} bytes but its data_offsets span {raw.Length}"));
        switch (dtype)
        {
            case "F32": return TensorData.FromArray(MemoryMarshal.Cast<byte, float>(raw).ToArray(), shape);
            case "F64": return TensorData.FromArray(MemoryMarshal.Cast<byte, double>(raw).ToArray(), shape);
            case "I64": return TensorData.FromArray(MemoryMarshal.Cast<byte, long>(raw).ToArray(), shape);
            case "BOOL":
                {
                    var b = new bool[n];
                    for (int i = 0; i < n; i++) b[i] = raw[i] != 0;
                    return TensorData.FromArray(b, shape);
                }
            case "F16":
                {
                    var f = new float[n];
                    var h = MemoryMarshal.Cast<byte, Half>(raw);
                    for (int i = 0; i < n; i++) f[i] = (float)h[i];
                    return TensorData.FromArray(f, shape);
                }
            case "BF16":
                {
                    var f = new float[n];
                    var u = MemoryMarshal.Cast<byte, ushort>(raw);
                    for (int i = 0; i < n; i++) f[i] = BitConverter.Int32BitsToSingle(u[i] << 16);
                    return TensorData.FromArray(f, shape);
                }
            default:
                {
                    var l = new long[n];
                    for (int i = 0; i < n; i++)
                        l[i] = dtype switch
                        {
                            "I32" => BinaryPrimitives.ReadInt32LittleEndian(raw[(i * 4)..]),
                            "U32" => BinaryPrimitives.ReadUInt32LittleEndian(raw[(i * 4)..]),
                            "U64" => (long)BinaryPrimitives.ReadUInt64LittleEndian(raw[(i * 8)..]),
                            "I16" => BinaryPrimitives.ReadInt16LittleEndian(raw[(i * 2)..]),
                            "U16" => BinaryPrimitives.ReadUInt16LittleEndian(raw[(i * 2)..]),
                            "I8" => (sbyte)raw[i],
                            _ => raw[i],
                        };
                    return TensorData.FromArray(l, shape);
                }
        }
    }
}
