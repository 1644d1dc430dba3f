using System.Buffers.Binary;
using SkiaSharp;

namespace AutoDL.Tests.Data;

/// <summary>Writes small images for tests, encoded by SkiaSharp or by hand where Skia has no encoder.</summary>
internal static class TestImages
{
    // The smallest valid GIF: 1x1, one white pixel.
    public static readonly byte[] WhiteGif1x1 = Convert.FromBase64String("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==");

    /// <summary>Encodes an image whose pixel (x, y) is <paramref name="color"/>(x, y); Gray8 keeps only the red component.</summary>
    public static byte[] Encode(int width, int height, Func<int, int, SKColor> color, SKEncodedImageFormat format = SKEncodedImageFormat.Png, SKColorType colorType = SKColorType.Rgba8888)
    {
        bool gray = colorType == SKColorType.Gray8;
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, colorType, gray ? SKAlphaType.Opaque : SKAlphaType.Unpremul));
        // Writing bytes directly: SKBitmap.SetPixel costs microseconds a call, which adds up to seconds here.
        var pixels = bitmap.GetPixelSpan();
        int stride = gray ? 1 : 4;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var c = color(x, y);
                int at = (y * bitmap.RowBytes) + (x * stride);
                if (gray)
                {
                    pixels[at] = c.Red;
                }
                else
                {
                    pixels[at] = c.Red;
                    pixels[at + 1] = c.Green;
                    pixels[at + 2] = c.Blue;
                    pixels[at + 3] = c.Alpha;
                }
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, 100);
        return data.ToArray();
    }

    public static string WritePng(string path, int width, int height, SKColor color)
        => Write(path, Encode(width, height, (_, _) => color));

    public static string WriteGrayPng(string path, int width, int height, byte level)
        => Write(path, Encode(width, height, (_, _) => new SKColor(level, level, level), SKEncodedImageFormat.Png, SKColorType.Gray8));

    public static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A 24-bit BMP (bottom-up rows, BGR, rows padded to 4 bytes), since Skia encodes no BMP.</summary>
    public static byte[] Bmp(int width, int height, SKColor color)
    {
        int rowBytes = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (rowBytes * height)];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = 54 + (y * rowBytes) + (x * 3);
                bytes[at] = color.Blue;
                bytes[at + 1] = color.Green;
                bytes[at + 2] = color.Red;
            }
        }
        return bytes;
    }

    /// <summary>
    /// A valid PNG signature and IHDR that declare a <paramref name="width"/> x <paramref name="height"/> RGB image,
    /// followed by a token IDAT: a decoder that trusts the header would try to allocate the whole bitmap.
    /// </summary>
    public static byte[] PngHeaderClaiming(int width, int height)
    {
        using var stream = new MemoryStream();
        stream.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type: RGB
        WriteChunk(stream, "IHDR", ihdr);
        WriteChunk(stream, "IDAT", [0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        WriteChunk(stream, "IEND", []);
        return stream.ToArray();
    }

    /// <summary>Writes one PNG chunk: its length, type, data and CRC.</summary>
    internal static void WriteChunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = new byte[4 + data.Length];
        System.Text.Encoding.ASCII.GetBytes(type).CopyTo(typed, 0);
        data.CopyTo(typed, 4);
        stream.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    // PNG's CRC-32 (polynomial 0xEDB88320), bit by bit: a few bytes per test, so speed does not matter.
    private static uint Crc32(byte[] bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
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
