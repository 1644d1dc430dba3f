namespace AutoDL.Data;

/// <summary>
/// Decoded images of one shape held as one compact uint8 buffer (CHW per image), so a search decodes each file once and
/// every trial reads the same memory. What every image task shares; a task adds its targets (class labels for a
/// classifier, its class labels).
/// </summary>
public class ImageSet
{
    private readonly byte[] _pixels;

    /// <summary>Creates a set over an existing buffer of <paramref name="count"/> images.</summary>
    /// <param name="pixels">All images back to back, each <see cref="ImageShape.PixelCount"/> bytes in CHW order.</param>
    /// <param name="count">How many images the buffer holds.</param>
    /// <param name="shape">Shape of every image.</param>
    /// <param name="sources">Where each image came from (file path or "file#index"), for reports; optional.</param>
    public ImageSet(byte[] pixels, int count, ImageShape shape, IReadOnlyList<string>? sources = null)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        if (pixels.Length != (long)count * shape.PixelCount)
        {
            throw new ArgumentException($"Expected {count} images of {shape} ({(long)count * shape.PixelCount} bytes) but the buffer has {pixels.Length} bytes.", nameof(pixels));
        }
        if (sources is not null && sources.Count != count)
        {
            throw new ArgumentException("There must be one source per image.", nameof(sources));
        }
        _pixels = pixels;
        Count = count;
        Shape = shape;
        Sources = sources;
    }

    /// <summary>Shape of every image.</summary>
    public ImageShape Shape { get; }

    /// <summary>Number of images.</summary>
    public int Count { get; }

    /// <summary>Where each image came from, when known.</summary>
    public IReadOnlyList<string>? Sources { get; }

    /// <summary>The whole pixel buffer (read-only view).</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The pixels of image <paramref name="index"/> in CHW order.</summary>
    public ReadOnlySpan<byte> Image(int index) => _pixels.AsSpan(index * Shape.PixelCount, Shape.PixelCount);
}
