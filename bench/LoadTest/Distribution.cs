namespace AutoDL.Bench.LoadTest;

/// <summary>How a set of measurements (latencies, durations) spread: count, mean, percentiles and the worst one, in the unit measured.</summary>
internal sealed record Distribution(long Count, double Mean, double P50, double P95, double P99, double Max)
{
    /// <summary>The distribution of values, or null when there are none (a mean or percentile of nothing is no figure).</summary>
    public static Distribution? Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0
            ? null
            : new Distribution(sorted.Length, sorted.Average(), Percentile(sorted, 0.50), Percentile(sorted, 0.95), Percentile(sorted, 0.99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of sorted values.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
