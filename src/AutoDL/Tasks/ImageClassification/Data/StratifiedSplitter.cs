namespace AutoDL.Tasks.ImageClassification.Data;

/// <summary>
/// Splits a dataset into two parts class by class, so both parts keep the class proportions even for rare
/// classes (a plain random split can leave a small class out of validation entirely).
/// </summary>
public static class StratifiedSplitter
{
    /// <summary>
    /// Holds out about <paramref name="heldFraction"/> of each class. Every class with at least 2 images gets at
    /// least one image in each part; a class with 1 image stays in the kept part. The same data and seed give
    /// the same split on every machine (System.Random with a seed is a fixed algorithm); both parts keep the
    /// original image order.
    /// </summary>
    public static (ImageDataset Kept, ImageDataset Held) Split(ImageDataset data, double heldFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (!(heldFraction > 0 && heldFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(heldFraction), heldFraction, "The held-out fraction must be between 0 and 1 (exclusive).");
        }
        var byClass = new List<int>[data.ClassNames.Count];
        for (int i = 0; i < byClass.Length; i++)
        {
            byClass[i] = [];
        }
        for (int i = 0; i < data.Count; i++)
        {
            byClass[data.Labels[i]].Add(i);
        }
        var random = new Random(seed);
        var kept = new List<int>();
        var held = new List<int>();
        foreach (var members in byClass)
        {
            var shuffled = members.ToArray();
            random.Shuffle(shuffled);
            int n = shuffled.Length;
            int take = n < 2 ? 0 : Math.Clamp((int)Math.Round(n * heldFraction, MidpointRounding.AwayFromZero), 1, n - 1);
            held.AddRange(shuffled.AsSpan(0, take));
            kept.AddRange(shuffled.AsSpan(take));
        }
        kept.Sort();
        held.Sort();
        return (data.Subset(kept), data.Subset(held));
    }
}
