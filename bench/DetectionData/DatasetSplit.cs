namespace AutoDL.Bench.DetectionData;

/// <summary>One of the three splits: its name in every layout, its number in the images' seeds, its size and its look.</summary>
internal sealed record DatasetSplit(string Name, int Number, int Count, StylePalette Palette)
{
    public static IReadOnlyList<DatasetSplit> For(GeneratorOptions options) =>
    [
        new("train", 0, options.Train, StylePalette.Seen),
        new("val", 1, options.Val, StylePalette.Seen),
        new("test", 2, options.Test, StylePalette.Unseen),
    ];
}
