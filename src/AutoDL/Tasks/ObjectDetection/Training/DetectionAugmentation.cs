namespace AutoDL.Tasks.ObjectDetection.Training;

/// <summary>
/// How training images are varied, boxes and all: zoomed and shifted (objects move, grow, shrink and leave the frame,
/// as in YOLO's random affine), mirrored where the data allows it, and their brightness and contrast jittered.
/// </summary>
/// <param name="MaxZoom">Images are scaled by a factor drawn between 1 / (1 + this) and 1 + this (log-uniform); 0 keeps the scale.</param>
/// <param name="MaxShift">Images are shifted by up to this fraction of the input's size, each way.</param>
/// <param name="HorizontalFlip">Mirror half the images: right for most objects, wrong where left and right mean different classes.</param>
/// <param name="ColourJitter">Brightness and contrast each vary by up to this fraction.</param>
internal sealed record DetectionAugmentation(double MaxZoom = 0.5, double MaxShift = 0.2, bool HorizontalFlip = true, double ColourJitter = 0.2)
{
    /// <summary>No augmentation: each image as decoded.</summary>
    public static DetectionAugmentation None { get; } = new(0, 0, false, 0);

    /// <summary>
    /// A box that keeps less than this share of its area inside the frame after a shift is dropped: a sliver at the
    /// border would teach the detector to find objects where almost nothing of them shows.
    /// </summary>
    public const double MinVisibleShare = 0.25;
}
