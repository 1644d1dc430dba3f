namespace AutoDL.Tasks.ObjectDetection.Evaluation;

/// <summary>The order COCOeval ranks detections in: score descending, ties in the order given.</summary>
internal static class ScoreOrder
{
    /// <summary>
    /// Indices of <paramref name="scores"/>, highest score first. Equal scores keep their order, as numpy's stable
    /// <c>argsort(-scores, kind='mergesort')</c> keeps it: which of two tied detections is the true positive decides
    /// the precision curve, so an unstable sort would make AP depend on the sort's internals.
    /// </summary>
    public static int[] Descending(IReadOnlyList<double> scores)
    {
        var order = new int[scores.Count];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        // Breaking ties by position makes the comparison a total order, so the unstable Array.Sort gives the stable order.
        Array.Sort(order, (a, b) => scores[b].CompareTo(scores[a]) is var byScore && byScore != 0 ? byScore : a.CompareTo(b));
        return order;
    }
}
