namespace AutoDL.Bench.DetectionData;

/// <summary>How many objects fall in each size bucket.</summary>
internal sealed record BucketCounts(int Small, int Medium, int Large);
