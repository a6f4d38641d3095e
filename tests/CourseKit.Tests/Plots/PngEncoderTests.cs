using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using CourseKit.Display;

namespace CourseKit.Tests.Plots;

public class PngEncoderTests
{
    /// <summary>A minimal PNG reader (8-bit grey/RGB, no interlace) to check the encoder end to end.</summary>
    private static (int Width, int Height, int Channels, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int pos = 8, width = 0, height = 0, channels = 0;
        var idat = new MemoryStream();
        var types = new List<string>();
        while (pos < png.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(pos));
            var type = Encoding.ASCII.GetString(png, pos + 4, 4);
            var data = png.AsSpan(pos + 8, length);
            uint crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos + 8 + length));
            Assert.Equal(PngEncoder.Crc(0xFFFFFFFFu, png.AsSpan(pos + 4, 4 + length)) ^ 0xFFFFFFFFu, crc);
            types.Add(type);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                channels = data[9] == 2 ? 3 : 1;
            }
            if (type == "IDAT") idat.Write(data);
            pos += 12 + length;
        }
        Assert.Equal(["IHDR", "IDAT", "IEND"], types);

        idat.Position = 0;
        var raw = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress)) z.CopyTo(raw);
        var bytes = raw.ToArray();
        int stride = width * channels;
        var pixels = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            int filter = bytes[y * (stride + 1)];
            for (int i = 0; i < stride; i++)
            {
                int a = i >= channels ? pixels[y * stride + i - channels] : 0;
                int b = y > 0 ? pixels[(y - 1) * stride + i] : 0;
                int c = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
                int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
                int predictor = filter switch { 1 => a, 2 => b, 3 => (a + b) >> 1, 4 => pa <= pb && pa <= pc ? a : pb <= pc ? b : c, _ => 0 };
                pixels[y * stride + i] = (byte)(bytes[y * (stride + 1) + 1 + i] + predictor);
            }
        }
        return (width, height, channels, pixels);
    }

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(37, 23, 3)]
    [InlineData(84, 84, 1)]
    public void RoundTripsThroughAPngReader(int width, int height, int channels)
    {
        var rng = new Random(width * height);
        var pixels = new byte[width * height * channels];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i % 7 == 0 ? rng.Next(256) : (i / channels) % 200);
        var decoded = Decode(PngEncoder.Encode(pixels, width, height, channels));
        Assert.Equal((width, height, channels), (decoded.Width, decoded.Height, decoded.Channels));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void TheCrcIsTheStandardOne()
    {
        // Every PNG ends with IEND and the CRC AE 42 60 82.
        Assert.Equal(0xAE426082u, PngEncoder.Crc(0xFFFFFFFFu, "IEND"u8) ^ 0xFFFFFFFFu);
    }

    [Fact]
    public void FlatFramesCompressWell()
    {
        var pixels = new byte[600 * 400 * 3];
        Array.Fill(pixels, (byte)255);
        Assert.True(PngEncoder.Encode(pixels, 600, 400).Length < 2_000);
    }

    [Fact]
    public void WrongSizesAreRejectedWithTheExpectedCount()
    {
        var e = Assert.Throws<ArgumentException>(() => PngEncoder.Encode(new byte[10], 2, 2));
        Assert.Contains("has 12 bytes; got 10", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PngEncoder.Encode(new byte[16], 2, 2, channels: 4));
    }

    [Fact]
    public void RgbImageShowsSmallFramesScaledUpWithoutBlur()
    {
        var image = new RgbImage(new byte[10 * 8 * 3], 10, 8);
        Assert.Equal(25, image.DisplayScale);
        Assert.Contains("width=\"250\" height=\"200\"", image.ToHtml());
        Assert.Contains("image-rendering:pixelated", image.ToHtml());
        Assert.True(Formatting.TryFormat(image, MimeTypes.Html, out var html));
        Assert.StartsWith("<img", html);
    }
}
