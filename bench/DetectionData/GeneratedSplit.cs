namespace AutoDL.Bench.DetectionData;

/// <summary>A split's images, in index order, once all of them are drawn.</summary>
internal sealed record GeneratedSplit(DatasetSplit Split, IReadOnlyList<GeneratedImage> Images);
