using AutoDL.Tasks.SemanticSegmentation.Data;

namespace AutoDL.Tasks.SemanticSegmentation.Training;

/// <summary>
/// Cross-entropy's weight per class from the training masks: the inverse square root of each class's share of the
/// scored pixels, scaled so the average weight over those pixels is 1 (the loss keeps its scale, so the learning rate
/// found for equal weights still fits). The square root tempers full inverse frequency, which on a mostly-background set
/// would weigh a class of a few pixels hundreds of times over and make its mistakes dominate training.
/// </summary>
internal static class PixelClassWeights
{
    public static float[] InverseSquareRootFrequency(IReadOnlyList<SegmentedImage> train, int classes)
    {
        ArgumentNullException.ThrowIfNull(train);
        var counts = new long[classes];
        foreach (var image in train)
        {
            foreach (var label in image.Mask)
            {
                if (label < classes)
                {
                    counts[label]++;
                }
            }
        }
        long total = counts.Sum();
        var weights = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            weights[c] = counts[c] == 0 ? 0 : 1 / Math.Sqrt((double)counts[c] / total);
        }
        double pixelMean = total == 0 ? 1 : Enumerable.Range(0, classes).Sum(c => counts[c] * weights[c]) / total;
        // A class no training pixel has never meets the loss as a target; the largest weight keeps it from being zero if it did.
        double absent = weights.Max();
        return [.. weights.Select(w => (float)((w == 0 ? absent : w) / pixelMean))];
    }
}
