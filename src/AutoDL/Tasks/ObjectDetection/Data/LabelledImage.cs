using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>One image of a detection data set and the objects marked in it (none for a background image).</summary>
/// <param name="Path">The image file.</param>
/// <param name="Split">The part of the data it belongs to, as the source says (<see cref="DataSplit.Train"/> when it says nothing).</param>
/// <param name="Width">Its width in pixels, read from the file.</param>
/// <param name="Height">Its height in pixels, read from the file.</param>
/// <param name="Objects">The objects marked in it, boxes in its pixels.</param>
public sealed record LabelledImage(string Path, DataSplit Split, int Width, int Height, IReadOnlyList<ObjectAnnotation> Objects);
