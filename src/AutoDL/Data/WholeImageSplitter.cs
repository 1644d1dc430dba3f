namespace AutoDL.Data;

/// <summary>
/// Holds out a seeded share of a detection or segmentation set's images when its source names no validation or test
/// images. Images, not objects or pixels, are drawn: what one image holds stays together, so no scene is seen in
/// training and judged in testing.
/// </summary>
internal static class WholeImageSplitter
{
    /// <summary>
    /// <paramref name="images"/> split into those kept and a held-out <paramref name="fraction"/> of them (at least one
    /// image, and at least one left), drawn with <paramref name="seed"/>; each part keeps the images' order.
    /// </summary>
    public static (IReadOnlyList<T> Kept, IReadOnlyList<T> HeldOut) Split<T>(IReadOnlyList<T> images, double fraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count < 2)
        {
            throw new AutoDLException($"Only {images.Count} image(s) are left to train on; a model needs at least a few dozen, split into training, validation and test images.");
        }
        int heldCount = Math.Clamp((int)Math.Round(images.Count * fraction), 1, images.Count - 1);
        var order = Enumerable.Range(0, images.Count).ToArray();
        new Random(seed).Shuffle(order);
        var held = order.Take(heldCount).ToHashSet();
        return ([.. images.Where((_, i) => !held.Contains(i))], [.. images.Where((_, i) => held.Contains(i))]);
    }
}
