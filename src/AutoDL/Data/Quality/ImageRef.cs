namespace AutoDL.Data.Quality;

/// <summary>One image of an import: its split, its index in that split's dataset, and where it came from.</summary>
/// <param name="Split">The split.</param>
/// <param name="Index">Index into the split's <see cref="ImageSet"/>.</param>
/// <param name="Source">The file (or "file#n" for images inside IDX files).</param>
public sealed record ImageRef(DataSplit Split, int Index, string Source)
{
    /// <summary>Image <paramref name="index"/> of <paramref name="data"/>, named by its source, or by split and index when its source is unknown.</summary>
    internal static ImageRef Of(DataSplit split, ImageSet data, int index) =>
        new(split, index, data.Sources?[index] ?? $"{split.ToString().ToLowerInvariant()}#{index}");
}
