using AutoDL.Tasks.SemanticSegmentation.Data;
using SkiaSharp;

namespace AutoDL.Tasks.SemanticSegmentation.Inference;

/// <summary>
/// Encodes predicted masks as files: the mask itself as an 8-bit grayscale PNG whose pixel values are class indices (what
/// <c>fit</c> reads back as a mask), and an overlay of the classes' colours on the image, for a person to look at.
/// </summary>
public static class MaskImages
{
    /// <summary>How much of a class's colour an overlay pixel takes; the image shows through the rest.</summary>
    private const float OverlayOpacity = 0.45f;

    /// <summary>The mask as an 8-bit grayscale PNG, pixel value = class index.</summary>
    public static byte[] Png(ClassMask mask)
    {
        ArgumentNullException.ThrowIfNull(mask);
        using var bitmap = new SKBitmap(new SKImageInfo(mask.Width, mask.Height, SKColorType.Gray8, SKAlphaType.Opaque));
        var destination = bitmap.GetPixelSpan();
        for (int y = 0; y < mask.Height; y++)
        {
            mask.Labels.AsSpan(y * mask.Width, mask.Width).CopyTo(destination.Slice(y * bitmap.RowBytes, mask.Width));
        }
        return Encode(bitmap, SKEncodedImageFormat.Png, 100);
    }

    /// <summary>The image (3 × height × width bytes, CHW) with each class's colour laid over its pixels, as a JPEG.</summary>
    public static byte[] OverlayJpeg(byte[] pixels, ClassMask mask, int quality = 90)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(mask);
        int plane = mask.Width * mask.Height;
        if (pixels.Length != SegmentedImage.Channels * plane)
        {
            throw new ArgumentException($"{pixels.Length} bytes are not a {mask.Width}x{mask.Height} colour image.", nameof(pixels));
        }
        using var bitmap = new SKBitmap(new SKImageInfo(mask.Width, mask.Height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var destination = bitmap.GetPixelSpan();
        for (int y = 0; y < mask.Height; y++)
        {
            for (int x = 0; x < mask.Width; x++)
            {
                int from = (y * mask.Width) + x;
                var (r, g, b) = MaskPalette.Colour(mask.Labels[from]);
                int at = (y * bitmap.RowBytes) + (x * 4);
                destination[at] = Blend(pixels[from], r);
                destination[at + 1] = Blend(pixels[plane + from], g);
                destination[at + 2] = Blend(pixels[(2 * plane) + from], b);
                destination[at + 3] = 255;
            }
        }
        return Encode(bitmap, SKEncodedImageFormat.Jpeg, quality);
    }

    private static byte Blend(byte image, byte colour) => (byte)MathF.Round((image * (1 - OverlayOpacity)) + (colour * OverlayOpacity));

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode a {format} image.");
        return data.ToArray();
    }
}
