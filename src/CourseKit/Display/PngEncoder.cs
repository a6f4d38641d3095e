using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CourseKit.Display;

/// <summary>
/// A small PNG writer for environment frames (8-bit grey or RGB, no interlacing). The base library has
/// zlib (<see cref="ZLibStream"/>) but no image codec, and the library may not depend on one.
/// </summary>
public static class PngEncoder
{
    private static readonly uint[] CrcTable = BuildCrcTable();

    /// <summary>Encodes <paramref name="pixels"/> (row-major, <paramref name="channels"/> bytes per pixel: 1 grey, 3 RGB) as a PNG file.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3)) throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG frames have 1 (grey) or 3 (RGB) channels.");
        long expected = (long)width * height * channels;
        if (pixels.Length != expected)
            throw new ArgumentException($"A {width}x{height} frame with {channels} channel(s) has {expected} bytes; got {pixels.Length}.", nameof(pixels));

        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                                  // bits per channel
        header[9] = (byte)(channels == 3 ? 2 : 0);      // colour type: truecolour or greyscale
        header[10] = header[11] = header[12] = 0;       // deflate, adaptive filtering, no interlace
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", Compress(pixels, width * channels, height, channels));
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>The PNG as a <c>data:image/png;base64,...</c> URI for an &lt;img&gt; element.</summary>
    public static string DataUri(ReadOnlySpan<byte> pixels, int width, int height, int channels = 3) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(pixels, width, height, channels));

    private static byte[] Compress(ReadOnlySpan<byte> pixels, int stride, int height, int bpp)
    {
        using var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var candidates = new byte[5][];
            for (int f = 0; f < 5; f++) candidates[f] = new byte[stride];
            var previous = new byte[stride];   // the row above the first row is zeros
            for (int y = 0; y < height; y++)
            {
                var row = pixels.Slice(y * stride, stride);
                // The usual heuristic: the filter whose output has the smallest sum of |signed bytes|
                // compresses best. Flat env backgrounds make "Up" and "Sub" win by far.
                int best = 0;
                long bestScore = long.MaxValue;
                for (int f = 0; f < 5; f++)
                {
                    Filter(f, row, previous, candidates[f], bpp);
                    long score = Score(candidates[f]);
                    if (score < bestScore) (best, bestScore) = (f, score);
                }
                z.WriteByte((byte)best);
                z.Write(candidates[best]);
                row.CopyTo(previous);
            }
        }
        return compressed.ToArray();
    }

    // One tight loop per filter type: a switch inside the per-byte loop made encoding several times slower.
    private static void Filter(int type, ReadOnlySpan<byte> row, byte[] up, byte[] output, int bpp)
    {
        int n = row.Length;
        switch (type)
        {
            case 0:
                row.CopyTo(output);
                break;
            case 1:
                for (int i = 0; i < bpp; i++) output[i] = row[i];
                for (int i = bpp; i < n; i++) output[i] = (byte)(row[i] - row[i - bpp]);
                break;
            case 2:
                for (int i = 0; i < n; i++) output[i] = (byte)(row[i] - up[i]);
                break;
            case 3:
                for (int i = 0; i < bpp; i++) output[i] = (byte)(row[i] - (up[i] >> 1));
                for (int i = bpp; i < n; i++) output[i] = (byte)(row[i] - ((row[i - bpp] + up[i]) >> 1));
                break;
            default:
                for (int i = 0; i < bpp; i++) output[i] = (byte)(row[i] - up[i]);   // Paeth(0, b, 0) = b
                for (int i = bpp; i < n; i++) output[i] = (byte)(row[i] - Paeth(row[i - bpp], up[i], up[i - bpp]));
                break;
        }
    }

    private static long Score(byte[] filtered)
    {
        long score = 0;
        foreach (var b in filtered) score += b < 128 ? b : 256 - b;   // |b as a signed byte|
        return score;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        uint crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        png.Write(word);
    }

    /// <summary>CRC-32 (ISO 3309) as PNG requires; System.IO.Hashing is a package the library may not use.</summary>
    internal static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data) crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        return table;
    }
}
