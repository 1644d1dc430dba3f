using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// The square input a detector is trained at: the training images' typical longer side, rounded up to a multiple of
/// 32 (the coarsest pyramid level's stride, so every level's cells tile the input exactly), between 64 and 256 pixels.
/// Larger images are letterboxed down: on a CPU a 256-pixel input already costs four times a 128-pixel one per image.
/// </summary>
internal static class DetectionInputSize
{
    /// <summary>The smallest input: below it a 32-pixel stride leaves the coarsest level a single cell.</summary>
    public const int MinSide = 64;

    /// <summary>The largest input chosen by default.</summary>
    public const int MaxSide = 256;

    private const int Multiple = 32;

    /// <summary>The input for <paramref name="train"/>'s images: three channels, the median longer side rounded up and clamped.</summary>
    public static ImageShape For(IReadOnlyList<LabelledImage> train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.Count == 0)
        {
            throw new ArgumentException("There are no training images to size the input by.", nameof(train));
        }
        var sides = train.Select(image => Math.Max(image.Width, image.Height)).Order().ToArray();
        int median = sides[sides.Length / 2];
        int side = Math.Clamp((median + Multiple - 1) / Multiple * Multiple, MinSide, MaxSide);
        return new ImageShape(3, side, side);
    }
}
