namespace AutoDL.Bench.DetectionData;

/// <summary>
/// Object-size buckets by box area, as COCO defines them: small below <see cref="SmallBelow"/>, large above
/// <see cref="LargeAbove"/>, medium between (both bounds included).
/// </summary>
/// <param name="Name">"coco" or "scaled", as summary.json reports them.</param>
/// <param name="SmallBelow">Area in square pixels under which an object is small.</param>
/// <param name="LargeAbove">Area in square pixels over which an object is large.</param>
internal sealed record SizeBuckets(string Name, double SmallBelow, double LargeAbove)
{
    /// <summary>COCO's own thresholds, 32² and 96², in absolute pixels: what pycocotools' APs, APm and APl use on any
    /// data, so on 128-px images most objects are "small".</summary>
    public static SizeBuckets Coco { get; } = new("coco", 32 * 32, 96 * 96);

    /// <summary>COCO's thresholds at half COCO's pixel sizes per 128 px of image, the scale the generator draws COCO's
    /// size mix at: sides 16 and 48 (areas 256 and 2,304) on a 128-px image, 32 and 96 on a 256-px one.</summary>
    public static SizeBuckets Scaled(int imageSize)
    {
        double factor = imageSize / 256.0;
        return new("scaled", Math.Pow(32 * factor, 2), Math.Pow(96 * factor, 2));
    }

    public BucketCounts Count(IEnumerable<LabelledObject> objects)
    {
        int small = 0, medium = 0, large = 0;
        foreach (var o in objects)
        {
            if (o.Box.Area < SmallBelow)
            {
                small++;
            }
            else if (o.Box.Area > LargeAbove)
            {
                large++;
            }
            else
            {
                medium++;
            }
        }
        return new BucketCounts(small, medium, large);
    }
}
