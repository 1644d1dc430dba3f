using AutoDL.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Data;

/// <summary>
/// Pascal VOC's segmentation layout: palette PNG masks in <c>SegmentationClass/</c> (255 on object borders, not
/// scored), their images in <c>JPEGImages/</c>, the splits in <c>ImageSets/Segmentation/</c>; VOC's 21 classes unless
/// a <c>classes.txt</c> names others. Images without a mask are VOC's detection images, not a problem: only masks are listed.
/// </summary>
internal static class VocSegmentationReader
{
    public const string Format = "voc";

    /// <summary>Pascal VOC's classes, by their masks' pixel values.</summary>
    public static readonly IReadOnlyList<string> VocClassNames =
    [
        "background", "aeroplane", "bicycle", "bird", "boat", "bottle", "bus", "car", "cat", "chair", "cow",
        "diningtable", "dog", "horse", "motorbike", "person", "pottedplant", "sheep", "sofa", "train", "tvmonitor",
    ];

    public static bool Recognises(string path) =>
        Directory.Exists(Path.Combine(path, "SegmentationClass")) && Directory.Exists(Path.Combine(path, "JPEGImages"));

    public static LayoutListing Read(string path, CancellationToken ct)
    {
        var root = Path.GetFullPath(path);
        var splits = VocFolder.Splits(Path.Combine(root, "ImageSets", "Segmentation"));
        var pairs = new List<MaskPair>();
        var skipped = new List<SkippedFile>();
        foreach (var mask in Directory.EnumerateFiles(Path.Combine(root, "SegmentationClass"), "*.png").Order(StringComparer.Ordinal))
        {
            ct.ThrowIfCancellationRequested();
            var stem = Path.GetFileNameWithoutExtension(mask);
            var split = DataSplit.Train;
            if (splits is not null && !splits.TryGetValue(stem, out split))
            {
                skipped.Add(new SkippedFile(mask, "not listed in any ImageSets/Segmentation split file"));
                continue;
            }
            if (VocFolder.LocateImage(root, null, stem) is not { } image)
            {
                skipped.Add(new SkippedFile(mask, $"no image: JPEGImages/ has no {stem} with an image extension"));
                continue;
            }
            pairs.Add(new MaskPair(image, mask, split));
        }
        return new LayoutListing(Format, ClassNamesFile.Read(root) ?? VocClassNames, pairs, skipped);
    }
}
