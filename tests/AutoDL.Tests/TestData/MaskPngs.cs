using System.Buffers.Binary;
using System.IO.Compression;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using AutoDL.Tests.Data;

namespace AutoDL.Tests.TestData;

/// <summary>
/// PNG masks written byte by byte: grayscale at any bit depth and palette images, which SkiaSharp cannot encode
/// (it writes no palette PNG and no grey level below 8 bits), so the mask reader can be tested on what tools like
/// Pascal VOC's and labelme's write.
/// </summary>
internal static class MaskPngs
{
    /// <summary>A grayscale PNG of <paramref name="bitDepth"/> bits whose levels are <paramref name="levels"/>, row by row.</summary>
    public static byte[] Gray(int width, int height, byte[] levels, int bitDepth = 8) => Png(width, height, bitDepth, colorType: 0, levels, palette: null);

    /// <summary>An 8-bit palette PNG whose pixels are the indices <paramref name="indices"/> into <paramref name="palette"/> (RGB colours).</summary>
    public static byte[] Palette(int width, int height, byte[] indices, (byte R, byte G, byte B)[] palette) => Png(width, height, 8, colorType: 3, indices, palette);

    /// <summary>Pascal VOC's colour map, 255 included.</summary>
    public static (byte R, byte G, byte B)[] VocPalette() => [.. Enumerable.Range(0, 256).Select(MaskPalette.Colour)];

    private static byte[] Png(int width, int height, int bitDepth, byte colorType, byte[] values, (byte R, byte G, byte B)[]? palette)
    {
        using var raw = new MemoryStream();
        using (var zlib = new ZLibStream(raw, CompressionLevel.Fastest, leaveOpen: true))
        {
            int rowBytes = ((width * bitDepth) + 7) / 8;
            for (int y = 0; y < height; y++)
            {
                var row = new byte[rowBytes + 1];
                for (int x = 0; x < width; x++)
                {
                    int bitOffset = x * bitDepth;
                    int shift = 8 - bitDepth - (bitOffset % 8);
                    row[1 + (bitOffset / 8)] |= (byte)(values[(y * width) + x] << shift);
                }
                zlib.Write(row);
            }
        }
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = (byte)bitDepth;
        ihdr[9] = colorType;
        TestImages.WriteChunk(png, "IHDR", ihdr);
        if (palette is not null)
        {
            TestImages.WriteChunk(png, "PLTE", [.. palette.SelectMany(c => new[] { c.R, c.G, c.B })]);
        }
        TestImages.WriteChunk(png, "IDAT", raw.ToArray());
        TestImages.WriteChunk(png, "IEND", []);
        return png.ToArray();
    }
}
