namespace AutoDL.Tasks.ObjectDetection.Inference;

/// <summary>
/// Non-maximum suppression over plain arrays: the best-scoring box is kept, every box of its class overlapping it by
/// more than the threshold is dropped, and so on down the ranking. The same rule as TorchVision's <c>nms</c>
/// (<c>GreedySuppressionTests</c> checks they keep the same boxes), written by hand because TorchVision for .NET runs
/// it as a managed loop that builds several tensors per kept box: decoding 1,000 test images took 31 s, most of it there.
/// </summary>
internal static class GreedySuppression
{
    /// <summary>The indices of the boxes kept, best first, at most <paramref name="limit"/>.</summary>
    /// <param name="corners">Four values per box: left, top, right, bottom.</param>
    /// <param name="scores">One score per box.</param>
    /// <param name="labels">One class per box: boxes of different classes never suppress each other.</param>
    /// <param name="iouThreshold">A box overlapping a kept one of its class by more than this intersection-over-union is dropped.</param>
    /// <param name="limit">The most boxes to keep.</param>
    public static List<int> Keep(ReadOnlySpan<float> corners, ReadOnlySpan<float> scores, ReadOnlySpan<long> labels, double iouThreshold, int limit)
    {
        int count = scores.Length;
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        // Stable: boxes of equal score keep their input order.
        var ranked = scores.ToArray();
        var byScore = order.OrderByDescending(i => ranked[i]).ToArray();
        var suppressed = new bool[count];
        var kept = new List<int>(Math.Min(limit, count));
        for (int a = 0; a < count && kept.Count < limit; a++)
        {
            int i = byScore[a];
            if (suppressed[i])
            {
                continue;
            }
            kept.Add(i);
            float left = corners[4 * i], top = corners[(4 * i) + 1], right = corners[(4 * i) + 2], bottom = corners[(4 * i) + 3];
            float area = (right - left) * (bottom - top);
            for (int b = a + 1; b < count; b++)
            {
                int j = byScore[b];
                if (suppressed[j] || labels[j] != labels[i])
                {
                    continue;
                }
                float width = Math.Min(right, corners[(4 * j) + 2]) - Math.Max(left, corners[4 * j]);
                float height = Math.Min(bottom, corners[(4 * j) + 3]) - Math.Max(top, corners[(4 * j) + 1]);
                float overlap = Math.Max(0, width) * Math.Max(0, height);
                float union = area + ((corners[(4 * j) + 2] - corners[4 * j]) * (corners[(4 * j) + 3] - corners[(4 * j) + 1])) - overlap;
                if (overlap / union > iouThreshold)
                {
                    suppressed[j] = true;
                }
            }
        }
        return kept;
    }
}
