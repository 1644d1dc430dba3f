namespace AutoDL.Bench.DetectionData;

/// <summary>One annotated object of a generated image.</summary>
/// <param name="ClassIndex">Position in <see cref="ShapeCatalogue.ClassNames"/>.</param>
/// <param name="Box">The object's extent inside the image, on whole pixels.</param>
/// <param name="Truncated">Whether the image's edge cuts the object.</param>
/// <param name="Style">How it was filled, so results can be broken down by style.</param>
internal sealed record LabelledObject(int ClassIndex, PixelBox Box, bool Truncated, FillStyle Style)
{
    public string ClassName => ShapeCatalogue.ClassNames[ClassIndex];
}
