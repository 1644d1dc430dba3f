namespace AutoDL.Data;

/// <summary>
/// Chooses one image shape for a dataset from the images' headers. If every image has the same size and
/// neither side exceeds the limit, that size is kept (no resampling, no information lost). Otherwise the
/// shape is a square whose side is the median of the images' larger sides, capped at the limit: the median
/// ignores a few outliers (one huge photo, a thumbnail), and a square lets every image be resized the same
/// way (shorter side fits, centre crop; see <see cref="ImageDecoder"/>). Channels are 1 when every image is
/// grayscale and 3 otherwise, since colour networks on grey data only triple the work.
/// </summary>
public static class ResizePolicy
{
    /// <summary>Picks the height and width for images of the given sizes.</summary>
    /// <param name="sizes">Width and height of every usable image.</param>
    /// <param name="maxSide">Largest side allowed (the import option that caps it).</param>
    /// <param name="channels">Channels of the resulting shape (1 or 3).</param>
    public static ImageShape Choose(IReadOnlyList<(int Width, int Height)> sizes, int maxSide, int channels)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Images have 1 or 3 channels.");
        }
        if (sizes.Count == 0)
        {
            throw new ArgumentException("There are no images to choose a shape for.", nameof(sizes));
        }
        var first = sizes[0];
        bool allSame = sizes.All(s => s == first);
        if (allSame && Math.Max(first.Width, first.Height) <= maxSide)
        {
            return new ImageShape(channels, first.Height, first.Width);
        }
        var larger = sizes.Select(s => Math.Max(s.Width, s.Height)).Order().ToArray();
        int median = larger[larger.Length / 2];
        int side = Math.Clamp(median, 1, maxSide);
        return new ImageShape(channels, side, side);
    }
}
