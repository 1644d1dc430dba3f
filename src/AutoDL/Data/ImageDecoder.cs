using System.Runtime.InteropServices;
using SkiaSharp;

namespace AutoDL.Data;

/// <summary>
/// Decodes encoded images (png, jpeg, bmp, gif, webp) with SkiaSharp into the uint8 CHW layout of an
/// <see cref="ImageShape"/>. Aspect ratio: the image is scaled so it covers the target (its shorter side
/// fits) and the overflow is cut equally from both ends (a centre crop), as torchvision's
/// Resize + CenterCrop does; stretching would distort shapes and padding would teach the network borders.
/// Transparency is composited on white, because icons and scans with an alpha channel are drawn to be seen
/// on a white page, and the colour under a fully transparent pixel is arbitrary (often black).
/// </summary>
public static class ImageDecoder
{
    /// <summary>
    /// Largest image, in pixels, that a file may declare. 100 megapixels decodes into 400 MB of RGBA,
    /// the most one file may take on a training machine; anything larger is a scan, a panorama or a
    /// decompression bomb, and is skipped before a pixel is allocated.
    /// </summary>
    public const long MaxPixels = 100_000_000;

    // Images above this size are decoded one at a time, so parallel workers cannot multiply a 400 MB bitmap.
    private const long LargeDecodeBytes = 64L << 20;

    private static readonly string[] s_extensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp"];
    private static readonly Lock s_largeDecodeGate = new();

    /// <summary>File extensions treated as images (lower case, with the dot); matching ignores case.</summary>
    public static IReadOnlyList<string> Extensions => s_extensions;

    /// <summary>Whether <paramref name="path"/> ends in one of <see cref="Extensions"/>, ignoring case.</summary>
    public static bool HasImageExtension(string path)
    {
        var extension = Path.GetExtension(path);
        foreach (var known in s_extensions)
        {
            if (string.Equals(extension, known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Decodes <paramref name="encoded"/> into a new buffer of <paramref name="target"/>.PixelCount bytes (CHW).</summary>
    /// <exception cref="AutoDLException">The bytes are not a supported, intact image of a sane size.</exception>
    public static byte[] Decode(ReadOnlySpan<byte> encoded, ImageShape target)
    {
        var pixels = new byte[target.PixelCount];
        try
        {
            DecodeInto(encoded, target, pixels);
        }
        catch (ImageDecodeException e)
        {
            throw new AutoDLException($"Cannot decode the image: {e.Message}. Use a png, jpeg, bmp, gif or webp file.", e);
        }
        return pixels;
    }

    /// <summary>
    /// Whether the image is grayscale: stored as one grey channel, or every decoded pixel has R == G == B.
    /// </summary>
    /// <exception cref="AutoDLException">The bytes are not a supported, intact image of a sane size.</exception>
    public static bool IsGrayscale(ReadOnlySpan<byte> encoded)
    {
        try
        {
            using var data = SKData.CreateCopy(encoded);
            using var codec = CreateCodec(data);
            var info = codec.Info;
            CheckSize(info.Width, info.Height);
            if (info.ColorType == SKColorType.Gray8)
            {
                return true;
            }
            var shape = new ImageShape(3, info.Height, info.Width);
            return DecodeInto(encoded, shape, new byte[shape.PixelCount]);
        }
        catch (ImageDecodeException e)
        {
            throw new AutoDLException($"Cannot decode the image: {e.Message}. Use a png, jpeg, bmp, gif or webp file.", e);
        }
    }

    /// <summary>
    /// Reads what encoded bytes declare (size, colour type) without decoding a pixel, so a caller with its own
    /// size limit (a server) can refuse a decompression bomb before memory is allocated for it. Unlike
    /// <see cref="Decode"/>, no megapixel limit is applied here: the caller decides.
    /// </summary>
    /// <exception cref="AutoDLException">The bytes are empty, not a supported image, or declare an empty size.</exception>
    public static unsafe ImageHeader ReadHeader(ReadOnlySpan<byte> encoded)
    {
        try
        {
            if (encoded.IsEmpty)
            {
                throw new ImageDecodeException("empty file (0 bytes)");
            }
            // A stream over the caller's bytes: no copy, and (unlike SKData) the codec reports why it failed.
            fixed (byte* start = encoded)
            {
                using var stream = new UnmanagedMemoryStream(start, encoded.Length);
                using var codec = SKCodec.Create(stream, out var result) ?? throw new ImageDecodeException(NotAnImageReason(result));
                var info = codec.Info;
                if (info.Width <= 0 || info.Height <= 0)
                {
                    throw new ImageDecodeException($"the image declares a size of {info.Width}x{info.Height}");
                }
                return new ImageHeader(info.Width, info.Height, info.ColorType == SKColorType.Gray8);
            }
        }
        catch (ImageDecodeException e)
        {
            throw new AutoDLException($"Cannot decode the image: {e.Message}. Use a png, jpeg, bmp, gif or webp file.", e);
        }
    }

    /// <summary>Reads only what the file declares (size, colour type); no pixel is decoded.</summary>
    internal static ImageHeader ReadHeader(string path)
    {
        using var stream = OpenForReading(path);
        if (stream.Length == 0)
        {
            throw new ImageDecodeException("empty file (0 bytes)");
        }
        using var codec = SKCodec.Create(stream, out var result)
            ?? throw new ImageDecodeException(NotAnImageReason(result));
        var info = codec.Info;
        CheckSize(info.Width, info.Height);
        return new ImageHeader(info.Width, info.Height, info.ColorType == SKColorType.Gray8);
    }

    /// <summary>Reads a whole file, turning I/O failures into a skip reason.</summary>
    internal static byte[] ReadFile(string path)
    {
        RefuseIrregular(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageDecodeException("cannot be read (permission denied)", e);
        }
        catch (IOException e)
        {
            throw new ImageDecodeException($"cannot be read ({e.Message})", e);
        }
    }

    /// <summary>
    /// Decodes into <paramref name="destination"/> (CHW, <paramref name="target"/>.PixelCount bytes) and
    /// says whether every pixel was grey (R == G == B after compositing on white).
    /// </summary>
    internal static unsafe bool DecodeInto(ReadOnlySpan<byte> encoded, ImageShape target, Span<byte> destination)
    {
        if (encoded.IsEmpty)
        {
            throw new ImageDecodeException("empty file (0 bytes)");
        }
        using var data = SKData.CreateCopy(encoded);
        using var codec = CreateCodec(data);
        var declared = codec.Info;
        CheckSize(declared.Width, declared.Height);

        // JPEG and WebP decode straight to a fraction of their size (1/2, 1/4, 1/8): far less memory and time
        // for photos many times larger than the target. Other formats report their full size here.
        var (width, height) = (declared.Width, declared.Height);
        double cover = CoverScale(width, height, target);
        if (cover < 1)
        {
            var scaled = codec.GetScaledDimensions((float)cover);
            if (scaled.Width < width && scaled.Width >= Math.Ceiling(width * cover) && scaled.Height >= Math.Ceiling(height * cover))
            {
                (width, height) = (scaled.Width, scaled.Height);
            }
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        long bytes = (long)width * height * 4;
        if (bytes >= LargeDecodeBytes)
        {
            lock (s_largeDecodeGate)
            {
                return DecodeAndConvert(codec, info, target, destination);
            }
        }
        return DecodeAndConvert(codec, info, target, destination);
    }

    /// <summary>Resizes one grey image (row-major bytes) into <paramref name="target"/> with the same cover-and-crop rule.</summary>
    internal static unsafe void ResizeGray(ReadOnlySpan<byte> gray, int width, int height, ImageShape target, Span<byte> destination)
    {
        var rgba = (byte*)NativeMemory.Alloc((nuint)((long)width * height * 4));
        try
        {
            for (int i = 0; i < gray.Length; i++)
            {
                byte v = gray[i];
                rgba[(i * 4) + 0] = v;
                rgba[(i * 4) + 1] = v;
                rgba[(i * 4) + 2] = v;
                rgba[(i * 4) + 3] = 255;
            }
            var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
            ResizeAndConvert((nint)rgba, info, target, destination);
        }
        finally
        {
            NativeMemory.Free(rgba);
        }
    }

    private static unsafe bool DecodeAndConvert(SKCodec codec, SKImageInfo info, ImageShape target, Span<byte> destination)
    {
        var buffer = NativeMemory.Alloc((nuint)info.BytesSize64);
        try
        {
            var result = codec.GetPixels(info, (nint)buffer);
            if (result != SKCodecResult.Success)
            {
                throw new ImageDecodeException(result == SKCodecResult.IncompleteInput
                    ? "truncated image (the file ends before its pixels do)"
                    : $"corrupt image data (decoder result: {result})");
            }
            return ResizeAndConvert((nint)buffer, info, target, destination);
        }
        finally
        {
            NativeMemory.Free(buffer);
        }
    }

    private static unsafe bool ResizeAndConvert(nint pixels, SKImageInfo info, ImageShape target, Span<byte> destination)
    {
        if (info.Width == target.Width && info.Height == target.Height)
        {
            return ToChw(new ReadOnlySpan<byte>((void*)pixels, checked((int)info.BytesSize64)), target, destination);
        }
        var targetInfo = new SKImageInfo(target.Width, target.Height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var resized = NativeMemory.AllocZeroed((nuint)targetInfo.BytesSize64);
        try
        {
            using (var image = SKImage.FromPixels(info, pixels, info.RowBytes))
            using (var surface = SKSurface.Create(targetInfo, (nint)resized, targetInfo.RowBytes))
            {
                double scale = CoverScale(info.Width, info.Height, target);
                float cropWidth = (float)(target.Width / scale);
                float cropHeight = (float)(target.Height / scale);
                var source = SKRect.Create((info.Width - cropWidth) / 2, (info.Height - cropHeight) / 2, cropWidth, cropHeight);
                var dest = SKRect.Create(0, 0, target.Width, target.Height);
                // Mipmaps average away the aliasing that plain bilinear shows when shrinking more than 2x.
                var sampling = scale < 0.5
                    ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)
                    : new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None);
                surface.Canvas.DrawImage(image, source, dest, sampling);
                surface.Canvas.Flush();
            }
            return ToChw(new ReadOnlySpan<byte>(resized, checked((int)targetInfo.BytesSize64)), target, destination);
        }
        finally
        {
            NativeMemory.Free(resized);
        }
    }

    /// <summary>Premultiplied RGBA to CHW on white; returns whether every pixel was grey.</summary>
    private static bool ToChw(ReadOnlySpan<byte> rgba, ImageShape target, Span<byte> destination)
    {
        int plane = target.Height * target.Width;
        bool gray = true;
        for (int i = 0; i < plane; i++)
        {
            // Premultiplied colour over white is c + (255 - a): exact in integers, and never above 255.
            int white = 255 - rgba[(i * 4) + 3];
            int r = rgba[i * 4] + white;
            int g = rgba[(i * 4) + 1] + white;
            int b = rgba[(i * 4) + 2] + white;
            bool grey = r == g && g == b;
            gray &= grey;
            if (target.Channels == 3)
            {
                destination[i] = (byte)r;
                destination[plane + i] = (byte)g;
                destination[(2 * plane) + i] = (byte)b;
            }
            else
            {
                // ITU-R BT.601 luma, the weights most grayscale conversions (and MNIST-style data) use.
                destination[i] = grey ? (byte)r : (byte)(((299 * r) + (587 * g) + (114 * b) + 500) / 1000);
            }
        }
        return gray;
    }

    private static double CoverScale(int width, int height, ImageShape target) =>
        Math.Max((double)target.Width / width, (double)target.Height / height);

    private static SKCodec CreateCodec(SKData data)
    {
        var codec = SKCodec.Create(data);
        return codec ?? throw new ImageDecodeException(NotAnImageReason(SKCodecResult.Unimplemented));
    }

    private static void CheckSize(int width, int height)
    {
        if (width <= 0 || height <= 0)
        {
            throw new ImageDecodeException($"the image declares a size of {width}x{height}");
        }
        long pixels = (long)width * height;
        if (pixels > MaxPixels)
        {
            throw new ImageDecodeException($"the image declares {width}x{height} ({pixels / 1_000_000} megapixels), over the {MaxPixels / 1_000_000} megapixel limit; shrink it first");
        }
    }

    private static void RefuseIrregular(string path)
    {
        if (RegularFile.Problem(path) is { } problem)
        {
            throw new ImageDecodeException(problem);
        }
    }

    private static FileStream OpenForReading(string path)
    {
        RefuseIrregular(path);
        try
        {
            return File.OpenRead(path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ImageDecodeException("cannot be read (permission denied)", e);
        }
        catch (IOException e)
        {
            throw new ImageDecodeException($"cannot be read ({e.Message})", e);
        }
    }

    private static string NotAnImageReason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "truncated image (the file ends inside its header)",
        SKCodecResult.ErrorInInput or SKCodecResult.InvalidInput => "corrupt image header",
        _ => "not a recognised image (expected png, jpeg, bmp, gif or webp)",
    };
}
