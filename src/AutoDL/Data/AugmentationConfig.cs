namespace AutoDL.Data;

/// <summary>
/// Batch augmentation applied to training images while they are still uint8 (so it costs a copy, not a
/// tensor op): random crop after zero padding, and optional horizontal flip.
/// </summary>
/// <param name="PadCrop">Pixels of padding for the random crop; 0 disables it. 2–4 px is the classic recipe for 28–32 px images.</param>
/// <param name="HorizontalFlip">Mirror half the images. Wrong for text, digits and other chiral data, so off unless the search finds it helps.</param>
public sealed record AugmentationConfig(int PadCrop = 2, bool HorizontalFlip = false)
{
    /// <summary>No augmentation.</summary>
    public static AugmentationConfig None { get; } = new(0, false);
}
