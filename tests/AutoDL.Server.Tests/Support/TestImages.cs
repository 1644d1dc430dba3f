using System.Buffers.Binary;
using System.IO.Compression;
using SkiaSharp;

namespace AutoDL.Server.Tests.Support;

/// <summary>Encoded images made in memory: real PNG and JPEG files, and headers that lie about their size.</summary>
internal static class TestImages
{
    /// <summary>A colour image of seeded random blocks, so different seeds give different predictions.</summary>
    public static byte[] Png(int seed, int width = 24, int height = 20) => Encode(seed, width, height, SKEncodedImageFormat.Png);

    public static byte[] Jpeg(int seed, int width = 24, int height = 20) => Encode(seed, width, height, SKEncodedImageFormat.Jpeg);

    /// <summary>A real, complete PNG of a large single-colour image: tiny on the wire, huge once decoded.</summary>
    public static byte[] LargeBlankPng(int width, int height)
    {
        // Each row is a filter byte and width grey zeros; deflate shrinks megapixels of zeros to kilobytes.
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var row = new byte[width + 1];
            for (int y = 0; y < height; y++)
            {
                zlib.Write(row);
            }
        }
        return PngFile(width, height, raw.ToArray());
    }

    /// <summary>A PNG whose header claims <paramref name="width"/> x <paramref name="height"/> but carries almost no data.</summary>
    public static byte[] PngClaiming(int width, int height)
    {
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            zlib.Write(new byte[64]);
        }
        return PngFile(width, height, raw.ToArray());
    }

    /// <summary>A BMP header claiming a size, followed by a few bytes of pixels.</summary>
    public static byte[] BmpClaiming(int width, int height)
    {
        var bmp = new byte[54 + 64];
        bmp[0] = (byte)'B';
        bmp[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(2), bmp.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bmp.AsSpan(28), 24);
        return bmp;
    }

    private static byte[] Encode(int seed, int width, int height, SKEncodedImageFormat format)
    {
        var random = new Random(seed);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                // 4x4 blocks: structure a convolution responds to, unlike per-pixel noise.
                var block = new Random(HashCode.Combine(seed, x / 4, y / 4) & 0x7fffffff);
                byte v = (byte)block.Next(256);
                bitmap.SetPixel(x, y, new SKColor(v, (byte)(255 - v), (byte)random.Next(256)));
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 90);
        return data.ToArray();
    }

    private static byte[] PngFile(int width, int height, byte[] idat)
    {
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 0; // grey
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", idat);
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        png.Write(length);
        var typeAndData = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type, typeAndData);
        data.CopyTo(typeAndData, 4);
        png.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        png.Write(crc);
    }

    /// <summary>PNG's CRC-32 (ISO 3309, reflected 0xEDB88320), bit by bit: a few chunks per test need no table or package.</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }
        return ~crc;
    }
}
