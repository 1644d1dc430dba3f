using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>Decodes a listing's images and masks at their own size, in parallel.</summary>
internal static class SegmentationSetBuilder
{
    /// <summary>
    /// Decodes <paramref name="images"/> with their masks. A pair that cannot be decoded now, or whose mask no longer
    /// fits its image (either changed since it was listed), is left out and added to <paramref name="skipped"/>.
    /// </summary>
    public static IReadOnlyList<SegmentedImage> Build(IReadOnlyList<MaskedImage> images, List<SkippedFile> skipped, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(skipped);
        var decoded = new SegmentedImage?[images.Count];
        var failures = new SkippedFile?[images.Count];
        var parallel = new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.For(0, images.Count, parallel, i => (decoded[i], failures[i]) = Decode(images[i]));
        skipped.AddRange(failures.OfType<SkippedFile>());
        return [.. decoded.OfType<SegmentedImage>()];
    }

    private static (SegmentedImage? Image, SkippedFile? Failure) Decode(MaskedImage image)
    {
        ClassMask mask;
        try
        {
            mask = MaskDecoder.Decode(ImageDecoder.ReadFile(image.MaskPath));
        }
        catch (ImageDecodeException e)
        {
            return (null, new SkippedFile(image.MaskPath, e.Message));
        }
        if (mask.Width != image.Width || mask.Height != image.Height)
        {
            return (null, new SkippedFile(image.MaskPath, $"{mask.Width}x{mask.Height} now, but its image was listed at {image.Width}x{image.Height}: a mask labels its image's pixels one to one"));
        }
        try
        {
            var encoded = ImageDecoder.ReadFile(image.ImagePath);
            // The decoder would fit an image of another size into the one asked for: a changed image must not be stretched under its mask.
            var header = ImageDecoder.ReadHeader(encoded);
            if (header.Width != image.Width || header.Height != image.Height)
            {
                return (null, new SkippedFile(image.ImagePath, $"{header.Width}x{header.Height} now, but it was listed at {image.Width}x{image.Height} with its mask"));
            }
            var pixels = ImageDecoder.Decode(encoded, new ImageShape(SegmentedImage.Channels, image.Height, image.Width));
            return (new SegmentedImage(pixels, mask.Labels, image.Width, image.Height, image.ImagePath), null);
        }
        catch (Exception e) when (e is ImageDecodeException or AutoDLException)
        {
            return (null, new SkippedFile(image.ImagePath, e.Message));
        }
    }
}
