using AutoDL.Data;

namespace AutoDL.Tasks.ObjectDetection.Data;

/// <summary>
/// A detection data set as its annotations describe it, checked: every box inside its image with a known class. What
/// could not be used (an unreadable image, a box outside its image, an unknown class, a label file without its image)
/// is in <see cref="Skipped"/>, one line each.
/// </summary>
/// <param name="Format">"coco", "voc" or "yolo".</param>
/// <param name="Source">The folder or annotation file it was read from.</param>
/// <param name="ClassNames">The classes, in ordinal order of their names whatever the format, so one data set written in any of them imports the same.</param>
/// <param name="Images">The usable images.</param>
/// <param name="Skipped">What was left out, and why.</param>
public sealed record DetectionListing(string Format, string Source, IReadOnlyList<string> ClassNames, IReadOnlyList<LabelledImage> Images, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>The images of one split.</summary>
    public IEnumerable<LabelledImage> In(DataSplit split) => Images.Where(image => image.Split == split);

    /// <summary>How many objects each class has, by class index.</summary>
    public int[] ObjectsPerClass()
    {
        var counts = new int[ClassNames.Count];
        foreach (var annotation in Images.SelectMany(image => image.Objects))
        {
            counts[annotation.Label]++;
        }
        return counts;
    }
}
