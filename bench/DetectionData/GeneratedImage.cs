namespace AutoDL.Bench.DetectionData;

/// <summary>An image that has been drawn and written, and the objects in it.</summary>
/// <param name="Split">The split it belongs to.</param>
/// <param name="Index">Its number in the split, from 0.</param>
/// <param name="Size">Its side in pixels.</param>
/// <param name="Objects">Its annotated objects.</param>
/// <param name="PngSha256">The SHA-256 of its PNG file, for the data set's fingerprint.</param>
internal sealed record GeneratedImage(DatasetSplit Split, int Index, int Size, IReadOnlyList<LabelledObject> Objects, byte[] PngSha256)
{
    /// <summary>The file name without extension: the split is part of it because VOC keeps every split's images in
    /// one folder, and every layout uses the same name so that files can be compared across them.</summary>
    public string Stem => $"{Split.Name}_{Index:D6}";

    public string FileName => Stem + ".png";
}
