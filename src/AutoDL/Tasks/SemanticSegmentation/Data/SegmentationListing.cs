using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>
/// A segmentation data set as its folders describe it, checked: every image with a mask of its size whose labels are
/// classes. What could not be used (an image without a mask, a mask without an image, a mask of another size, a label
/// outside the classes, an unreadable file) is in <see cref="Skipped"/>, one line each.
/// </summary>
/// <param name="Format">"masks" (images/ and masks/) or "voc" (Pascal VOC's SegmentationClass/).</param>
/// <param name="Source">The folder it was read from.</param>
/// <param name="ClassNames">The classes, by index: a mask's pixel value names one.</param>
/// <param name="Images">The usable images.</param>
/// <param name="Skipped">What was left out, and why.</param>
public sealed record SegmentationListing(string Format, string Source, IReadOnlyList<string> ClassNames, IReadOnlyList<MaskedImage> Images, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>The images of one split.</summary>
    public IEnumerable<MaskedImage> In(DataSplit split) => Images.Where(image => image.Split == split);

    /// <summary>How many pixels each class has over the whole set, by class index.</summary>
    public long[] PixelsPerClass()
    {
        var counts = new long[ClassNames.Count];
        foreach (var image in Images)
        {
            for (int c = 0; c < counts.Length; c++)
            {
                counts[c] += image.ClassPixels[c];
            }
        }
        return counts;
    }
}
