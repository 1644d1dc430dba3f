using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>One image of a segmentation data set and its mask, checked: the same size, every label a class or 255.</summary>
/// <param name="ImagePath">The image file.</param>
/// <param name="MaskPath">Its mask: a PNG whose pixel values are class indices (255: not scored).</param>
/// <param name="Split">The part of the data it belongs to, as the source says (<see cref="DataSplit.Train"/> when it says nothing).</param>
/// <param name="Width">Its width in pixels.</param>
/// <param name="Height">Its height in pixels.</param>
/// <param name="ClassPixels">How many of its pixels each class has, by class index (ignored pixels in none).</param>
public sealed record MaskedImage(string ImagePath, string MaskPath, DataSplit Split, int Width, int Height, IReadOnlyList<long> ClassPixels);
