using System.Buffers.Binary;
using AutoDL.Data;
using SkiaSharp;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>
/// Reads a mask PNG into class indices: a grayscale PNG's grey levels (at any bit depth), a palette PNG's palette
/// indices (Pascal VOC's <c>SegmentationClass</c>), or an RGB PNG whose pixels are grey (R = G = B). SkiaSharp decodes
/// palette images to colours and scales grey levels below 8 bits to 0–255, so the indices are recovered here from the
/// file's own header and palette, read by hand (no library on the feed returns a PNG's palette indices). Lossy
/// formats and colour masks are refused: a JPEG's artefacts or a colour per class would be misread as other classes.
/// </summary>
internal static class MaskDecoder
{
    private static readonly byte[] s_signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private const string HowToSave = "Save masks as 8-bit grayscale or palette PNGs whose pixel values are class indices.";

    /// <summary>The mask's class indices.</summary>
    /// <exception cref="ImageDecodeException">The bytes are not a PNG mask this reads; the message says why and what to do.</exception>
    public static ClassMask Decode(byte[] png)
    {
        ArgumentNullException.ThrowIfNull(png);
        var header = ReadHeader(png);
        if (header.BitDepth == 16)
        {
            throw new ImageDecodeException($"a 16-bit PNG mask. {HowToSave}");
        }
        using var data = SKData.CreateCopy(png);
        using var codec = SKCodec.Create(data) ?? throw new ImageDecodeException($"an unreadable PNG. {HowToSave}");
        if (codec.Info.Width != header.Width || codec.Info.Height != header.Height)
        {
            throw new ImageDecodeException("a PNG whose header and decoder disagree on its size");
        }
        if ((long)header.Width * header.Height > ImageDecoder.MaxPixels)
        {
            throw new ImageDecodeException($"a {header.Width}x{header.Height} mask, over the {ImageDecoder.MaxPixels / 1_000_000} megapixel limit");
        }
        return header.ColorType == 0
            ? new ClassMask(header.Width, header.Height, GreyLevels(codec, header))
            : new ClassMask(header.Width, header.Height, FromColours(codec, header));
    }

    /// <summary>A grayscale PNG's levels, undoing the decoder's scaling of 1-, 2- and 4-bit levels to 0–255.</summary>
    private static byte[] GreyLevels(SKCodec codec, PngHeader header)
    {
        var labels = Pixels(codec, new SKImageInfo(header.Width, header.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        if (header.BitDepth < 8)
        {
            int step = 255 / ((1 << header.BitDepth) - 1);
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = (byte)(labels[i] / step);
            }
        }
        return labels;
    }

    /// <summary>A palette PNG's indices, or an RGB PNG's grey levels, from its decoded colours.</summary>
    private static byte[] FromColours(SKCodec codec, PngHeader header)
    {
        var rgba = Pixels(codec, new SKImageInfo(header.Width, header.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var labels = new byte[header.Width * header.Height];
        // The first index of each colour: a palette that repeats a colour cannot say which index a pixel had.
        Dictionary<int, byte>? palette = header.Palette is { } entries
            ? entries.Select((colour, index) => (colour, index)).DistinctBy(e => e.colour).ToDictionary(e => e.colour, e => (byte)e.index)
            : null;
        for (int i = 0; i < labels.Length; i++)
        {
            byte r = rgba[4 * i], g = rgba[(4 * i) + 1], b = rgba[(4 * i) + 2];
            if (palette is not null)
            {
                labels[i] = palette.TryGetValue((r << 16) | (g << 8) | b, out byte index)
                    ? index
                    : throw new ImageDecodeException($"a palette PNG with a pixel ({r}, {g}, {b}) not in its palette");
            }
            else if (r == g && g == b)
            {
                labels[i] = r;
            }
            else
            {
                throw new ImageDecodeException($"a colour PNG mask (pixel {i % header.Width}, {i / header.Width} is ({r}, {g}, {b})). {HowToSave}");
            }
        }
        return labels;
    }

    private static unsafe byte[] Pixels(SKCodec codec, SKImageInfo info)
    {
        var pixels = new byte[info.BytesSize64];
        fixed (byte* buffer = pixels)
        {
            var result = codec.GetPixels(info, (nint)buffer);
            if (result != SKCodecResult.Success)
            {
                throw new ImageDecodeException(result == SKCodecResult.IncompleteInput
                    ? "truncated image (the file ends before its pixels do)"
                    : $"corrupt image data (decoder result: {result})");
            }
        }
        return pixels;
    }

    /// <summary>The PNG's size, bit depth, colour type and palette, read from its chunks.</summary>
    private static PngHeader ReadHeader(byte[] png)
    {
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(s_signature))
        {
            throw new ImageDecodeException($"not a PNG. {HowToSave}");
        }
        var span = png.AsSpan();
        int offset = 8;
        PngHeader? header = null;
        while (offset + 8 <= span.Length)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(span[offset..]);
            var type = span.Slice(offset + 4, 4);
            int start = offset + 8;
            if (length < 0 || start + length > span.Length)
            {
                break;
            }
            var body = span.Slice(start, length);
            if (type.SequenceEqual("IHDR"u8) && length >= 13)
            {
                header = new PngHeader(BinaryPrimitives.ReadInt32BigEndian(body), BinaryPrimitives.ReadInt32BigEndian(body[4..]), body[8], body[9], null);
            }
            else if (type.SequenceEqual("PLTE"u8) && header is not null)
            {
                var colours = new int[length / 3];
                for (int i = 0; i < colours.Length; i++)
                {
                    colours[i] = (body[3 * i] << 16) | (body[(3 * i) + 1] << 8) | body[(3 * i) + 2];
                }
                header = header with { Palette = colours };
            }
            else if (type.SequenceEqual("IDAT"u8) || type.SequenceEqual("IEND"u8))
            {
                break;
            }
            // Length, type, body, CRC.
            offset = start + length + 4;
        }
        if (header is null || header.Width <= 0 || header.Height <= 0)
        {
            throw new ImageDecodeException("a PNG without a valid header (IHDR)");
        }
        if (header.ColorType == 3 && header.Palette is null)
        {
            throw new ImageDecodeException("a palette PNG without its palette (PLTE)");
        }
        return header.ColorType == 3 ? header : header with { Palette = null };
    }

    /// <summary>What a PNG's IHDR and PLTE chunks say.</summary>
    private sealed record PngHeader(int Width, int Height, byte BitDepth, byte ColorType, int[]? Palette);
}
