namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>
/// The precision and recall of one class over every image, at one size range and detection limit: pycocotools'
/// <c>accumulate</c> for one cell of its precision and recall arrays.
/// </summary>
internal sealed class PrecisionRecall
{
    // numpy's spacing(1), which pycocotools adds to precision's denominator against division by zero. It is kept
    // because it is not quite harmless: 1/(1 + 2⁻⁵²) is 0.9999999999999998, so pycocotools' precision after one true
    // positive, and the AP of a perfect detector on one object, is a hair under 1, and AutoDL's figures are pycocotools'.
    private const double Epsilon = 2.220446049250313e-16;

    private readonly double[][] _precision;
    private readonly double[] _recall;

    private PrecisionRecall(double[][] precision, double[] recall)
    {
        _precision = precision;
        _recall = recall;
    }

    /// <summary>Interpolated precision at threshold <paramref name="threshold"/> and recall point <paramref name="recallPoint"/> (<see cref="CocoParameters.RecallThresholds"/>).</summary>
    public double Precision(int threshold, int recallPoint) => _precision[threshold][recallPoint];

    /// <summary>The recall reached with every detection kept, at threshold <paramref name="threshold"/>.</summary>
    public double Recall(int threshold) => _recall[threshold];

    /// <summary>
    /// Ranks the detections of every image together (the best <paramref name="maxDetections"/> of each image, score
    /// descending, ties in image order) and reads precision at each recall point; null when no ground truth counts,
    /// which pycocotools marks -1 and leaves out of its means.
    /// </summary>
    public static PrecisionRecall? Accumulate(IReadOnlyList<ImageMatches> images, int maxDetections)
    {
        int counted = images.Sum(i => i.CountedTruths);
        if (counted == 0)
        {
            return null;
        }
        var pooled = images.SelectMany(image => Enumerable.Range(0, Math.Min(maxDetections, image.Scores.Count)).Select(d => (Image: image, Detection: d))).ToList();
        var order = ScoreOrder.Descending(pooled.Select(p => p.Image.Scores[p.Detection]).ToList());
        int thresholds = CocoParameters.IouThresholds.Count;
        var precision = new double[thresholds][];
        var recall = new double[thresholds];
        for (int t = 0; t < thresholds; t++)
        {
            // Every detection keeps its place in the curve, an ignored one with the figures of the one before it.
            var precisions = new double[order.Length];
            var recalls = new double[order.Length];
            double truePositives = 0, falsePositives = 0;
            for (int i = 0; i < order.Length; i++)
            {
                var (image, d) = pooled[order[i]];
                if (!image.IsIgnored(t, d))
                {
                    if (image.IsMatched(t, d))
                    {
                        truePositives++;
                    }
                    else
                    {
                        falsePositives++;
                    }
                }
                recalls[i] = truePositives / counted;
                precisions[i] = truePositives / (falsePositives + truePositives + Epsilon);
            }
            recall[t] = order.Length == 0 ? 0 : recalls[^1];
            precision[t] = Interpolated(precisions, recalls);
        }
        return new PrecisionRecall(precision, recall);
    }

    /// <summary>
    /// Precision at each recall point: the best precision at that recall or beyond (the envelope from the right),
    /// taken at the first detection whose recall reaches the point (numpy's searchsorted, side='left'); 0 at points
    /// past the last recall reached.
    /// </summary>
    private static double[] Interpolated(double[] precisions, double[] recalls)
    {
        for (int i = precisions.Length - 1; i > 0; i--)
        {
            precisions[i - 1] = Math.Max(precisions[i - 1], precisions[i]);
        }
        var points = CocoParameters.RecallThresholds;
        var sampled = new double[points.Count];
        int first = 0;
        for (int r = 0; r < points.Count; r++)
        {
            // The points rise, so the search goes on from where the last one stopped.
            while (first < recalls.Length && recalls[first] < points[r])
            {
                first++;
            }
            if (first == recalls.Length)
            {
                break;
            }
            sampled[r] = precisions[first];
        }
        return sampled;
    }
}
