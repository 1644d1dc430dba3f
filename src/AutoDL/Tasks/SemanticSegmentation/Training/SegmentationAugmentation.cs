namespace AutoDL.Tasks.SemanticSegmentation.Training;

/// <summary>How training tiles are varied: geometry moves image and mask together, colour changes the image alone.</summary>
internal sealed record SegmentationAugmentation
{
    /// <summary>No variation: tiles cut at random places, nothing else.</summary>
    public static SegmentationAugmentation None { get; } = new() { HorizontalFlip = false, Brightness = 0 };

    /// <summary>Mirror half the tiles left to right (image and mask).</summary>
    public bool HorizontalFlip { get; init; } = true;

    /// <summary>The largest change of a tile's brightness, as a share of its values (0.2: ×0.8 to ×1.2); the mask is untouched.</summary>
    public double Brightness { get; init; } = 0.2;
}
