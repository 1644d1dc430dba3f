using SkiaSharp;

namespace AutoDL.Data.Quality;

/// <summary>
/// Encodes decoded images (uint8 CHW, 1 or 3 channels) as PNG data URIs for the HTML report, so the page needs
/// no files beside it. PNG because it is lossless: a thumbnail must show the pixels the model sees, artefacts
/// and all, and small grey images compress to a few hundred bytes.
/// </summary>
internal static class ThumbnailPng
{
    /// <summary>The data URI of <paramref name="pixels"/>, shrunk so neither side exceeds <paramref name="maxSide"/>.</summary>
    public static string DataUri(ReadOnlySpan<byte> pixels, ImageShape shape, int maxSide) =>
        "data:image/png;base64," + Convert.ToBase64String(Encode(pixels, shape, maxSide));

    /// <summary>PNG bytes of <paramref name="pixels"/>, shrunk (keeping the aspect ratio) so neither side exceeds <paramref name="maxSide"/>.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, ImageShape shape, int maxSide)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        if (shape.Channels is not (1 or 3) || pixels.Length != shape.PixelCount)
        {
            throw new ArgumentException($"Expected {shape.PixelCount} bytes of a 1- or 3-channel image of {shape}, got {pixels.Length}.", nameof(pixels));
        }
        using var bitmap = ToBitmap(pixels, shape);
        double scale = Math.Min(1.0, (double)maxSide / Math.Max(shape.Width, shape.Height));
        if (scale >= 1.0)
        {
            return Png(bitmap);
        }
        var smaller = new SKImageInfo(Math.Max(1, (int)Math.Round(shape.Width * scale)), Math.Max(1, (int)Math.Round(shape.Height * scale)), bitmap.ColorType, SKAlphaType.Opaque);
        // Mipmaps average away the aliasing plain bilinear filtering shows when shrinking more than 2x.
        using var resized = bitmap.Resize(smaller, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear))
            ?? throw new InvalidOperationException($"SkiaSharp could not resize a {shape} image to {smaller.Width}x{smaller.Height}.");
        return Png(resized);
    }

    private static SKBitmap ToBitmap(ReadOnlySpan<byte> pixels, ImageShape shape)
    {
        int width = shape.Width, height = shape.Height, plane = width * height;
        bool gray = shape.Channels == 1;
        var bitmap = new SKBitmap(new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Opaque));
        var destination = bitmap.GetPixelSpan();
        int rowBytes = bitmap.RowBytes;
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int from = (y * width) + x;
                if (gray)
                {
                    destination[(y * rowBytes) + x] = pixels[from];
                }
                else
                {
                    int at = (y * rowBytes) + (x * 4);
                    destination[at] = pixels[from];
                    destination[at + 1] = pixels[plane + from];
                    destination[at + 2] = pixels[(2 * plane) + from];
                    destination[at + 3] = 255;
                }
            }
        }
        return bitmap;
    }

    private static byte[] Png(SKBitmap bitmap)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100)
            ?? throw new InvalidOperationException("SkiaSharp could not encode a PNG.");
        return data.ToArray();
    }
}
