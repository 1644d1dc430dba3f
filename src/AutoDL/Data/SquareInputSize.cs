namespace AutoDL.Data;

/// <summary>
/// The square input a detector is trained at, and the tile a segmentation network is trained on: the training images'
/// typical longer side, rounded up to a multiple of 32 (the coarsest stride, so every feature map tiles the input
/// exactly), between 64 and 256 pixels. On a CPU a 256-pixel input already costs four times a 128-pixel one per image.
/// </summary>
internal static class SquareInputSize
{
    /// <summary>The smallest input: below it a 32-pixel stride leaves the coarsest map a single cell.</summary>
    public const int MinSide = 64;

    /// <summary>The largest input chosen by default.</summary>
    public const int MaxSide = 256;

    private const int Multiple = 32;

    /// <summary>The input for training images of <paramref name="sizes"/>: three channels, the median longer side rounded up and clamped.</summary>
    public static ImageShape For(IReadOnlyList<(int Width, int Height)> sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Count == 0)
        {
            throw new ArgumentException("There are no training images to size the input by.", nameof(sizes));
        }
        var sides = sizes.Select(size => Math.Max(size.Width, size.Height)).Order().ToArray();
        int median = sides[sides.Length / 2];
        int side = Math.Clamp((median + Multiple - 1) / Multiple * Multiple, MinSide, MaxSide);
        return new ImageShape(3, side, side);
    }
}
