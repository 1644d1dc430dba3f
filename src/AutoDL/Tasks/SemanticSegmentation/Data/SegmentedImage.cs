namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>
/// One image decoded at its own size with its mask: what segmentation trains on (in tiles cut from it) and is evaluated
/// on (every pixel). Not resized: a mask's labels are exact only at the resolution they were drawn at.
/// </summary>
/// <param name="Pixels">The image, 3 × Height × Width bytes (CHW).</param>
/// <param name="Mask">Its class index per pixel, Height × Width bytes (255: not scored).</param>
/// <param name="Width">Columns.</param>
/// <param name="Height">Rows.</param>
/// <param name="Source">The image file.</param>
public sealed record SegmentedImage(byte[] Pixels, byte[] Mask, int Width, int Height, string Source)
{
    /// <summary>The image's channels: colour, always (a grayscale image is decoded as three equal channels).</summary>
    public const int Channels = 3;
}
