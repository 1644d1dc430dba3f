namespace AutoDL.Bench.DetectionData;

/// <summary>What one split holds.</summary>
/// <param name="Styles">"seen" (training's styles) or "unseen" (the test's).</param>
/// <param name="Images">Images in the split.</param>
/// <param name="ImagesWithoutObjects">Images with no annotated object (distractors and clutter only).</param>
/// <param name="Objects">Annotated objects.</param>
/// <param name="TruncatedObjects">Objects the image's edge cuts.</param>
/// <param name="ObjectsPerClass">Objects of each class, in class order.</param>
/// <param name="ObjectsPerStyle">Objects of each fill style.</param>
/// <param name="Sizes">Objects per size bucket, by each bucketing (see <see cref="SizeBuckets"/>).</param>
internal sealed record SplitSummary(
    string Styles,
    int Images,
    int ImagesWithoutObjects,
    int Objects,
    int TruncatedObjects,
    IReadOnlyDictionary<string, int> ObjectsPerClass,
    IReadOnlyDictionary<string, int> ObjectsPerStyle,
    IReadOnlyDictionary<string, BucketCounts> Sizes)
{
    public static SplitSummary Of(GeneratedSplit split, IReadOnlyList<SizeBuckets> buckets)
    {
        var objects = split.Images.SelectMany(image => image.Objects).ToList();
        return new SplitSummary(
            split.Split.Palette.Name,
            split.Images.Count,
            split.Images.Count(image => image.Objects.Count == 0),
            objects.Count,
            objects.Count(o => o.Truncated),
            ShapeCatalogue.ClassNames.Select((name, c) => (name, c)).ToDictionary(x => x.name, x => objects.Count(o => o.ClassIndex == x.c)),
            split.Split.Palette.Fills.ToDictionary(f => StyleNames.Of(f.Style), f => objects.Count(o => o.Style == f.Style)),
            buckets.ToDictionary(b => b.Name, b => b.Count(objects)));
    }
}
