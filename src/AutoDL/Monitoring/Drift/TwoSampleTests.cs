namespace AutoDL.Monitoring.Drift;

/// <summary>
/// The tests drift monitoring runs on a window against its reference. The chi-squared distribution comes from
/// Math.NET Numerics; the two-sample Kolmogorov–Smirnov test and the kernel test are written here, as no library on the
/// feed has them (Math.NET has distributions, not these tests).
/// </summary>
internal static class TwoSampleTests
{
    /// <summary>
    /// Kolmogorov–Smirnov: the largest gap between the two empirical distribution functions, and its asymptotic p-value
    /// with Stephens' small-sample correction (Numerical Recipes §14.3).
    /// </summary>
    public static (double Statistic, double PValue) KolmogorovSmirnov(double[] sortedReference, IReadOnlyList<double> window)
    {
        var sample = window.Order().ToArray();
        int n = sortedReference.Length, m = sample.Length;
        if (n == 0 || m == 0)
        {
            return (0, 1);
        }
        int i = 0, j = 0;
        double gap = 0;
        while (i < n && j < m)
        {
            double x = Math.Min(sortedReference[i], sample[j]);
            while (i < n && sortedReference[i] <= x)
            {
                i++;
            }
            while (j < m && sample[j] <= x)
            {
                j++;
            }
            gap = Math.Max(gap, Math.Abs((double)i / n - (double)j / m));
        }
        double effective = Math.Sqrt((double)n * m / (n + m));
        return (gap, KolmogorovTail((effective + 0.12 + 0.11 / effective) * gap));
    }

    /// <summary>Pearson's chi-squared test of the window's class counts against the reference's shares, floored so that a class the reference never predicted does not divide by zero.</summary>
    public static (double Statistic, double PValue) ChiSquared(int[] counts, double[] referenceShares)
    {
        const double floor = 1e-3;
        int total = counts.Sum();
        int classes = counts.Length;
        if (total == 0 || classes < 2)
        {
            return (0, 1);
        }
        double norm = referenceShares.Sum(s => Math.Max(s, floor));
        double statistic = 0;
        for (int k = 0; k < classes; k++)
        {
            double expected = total * Math.Max(referenceShares[k], floor) / norm;
            statistic += (counts[k] - expected) * (counts[k] - expected) / expected;
        }
        return (statistic, 1 - MathNet.Numerics.Distributions.ChiSquared.CDF(classes - 1, statistic));
    }

    /// <summary>
    /// The kernel two-sample test (Gretton et al., 2012): the unbiased squared maximum mean discrepancy under a Gaussian
    /// kernel whose width is the median distance between reference points, with a permutation p-value. Permuting stops
    /// once the p-value can no longer fall to <paramref name="stopAbove"/>: a window like the reference costs a few
    /// dozen permutations, one that drifts all of them.
    /// </summary>
    public static (double Statistic, double PValue) MaximumMeanDiscrepancy(IReadOnlyList<double[]> reference, IReadOnlyList<double[]> window, int permutations, int seed, double stopAbove = 1)
    {
        int n = reference.Count, m = window.Count;
        if (n < 2 || m < 2)
        {
            return (0, 1);
        }
        var points = reference.Concat(window).ToArray();
        int total = n + m;
        double width = MedianDistance(reference);
        var kernel = new double[total, total];
        for (int a = 0; a < total; a++)
        {
            for (int b = a; b < total; b++)
            {
                double squared = 0;
                for (int d = 0; d < points[a].Length; d++)
                {
                    double diff = points[a][d] - points[b][d];
                    squared += diff * diff;
                }
                kernel[a, b] = kernel[b, a] = Math.Exp(-squared / (2 * width * width));
            }
        }
        var order = Enumerable.Range(0, total).ToArray();
        double observed = Discrepancy(kernel, order, n);
        var random = new Random(seed);
        int asLarge = 0, done = 0;
        while (done < permutations && (1.0 + asLarge) / (1.0 + permutations) <= stopAbove)
        {
            random.Shuffle(order);
            done++;
            if (Discrepancy(kernel, order, n) >= observed)
            {
                asLarge++;
            }
        }
        return (observed, (1.0 + asLarge) / (1.0 + done));
    }

    /// <summary>Holm's step-down correction at <paramref name="alpha"/>: which of the p-values reject, the family's error kept below alpha.</summary>
    public static bool[] Holm(IReadOnlyList<double> pValues, double alpha)
    {
        var order = Enumerable.Range(0, pValues.Count).OrderBy(i => pValues[i]).ToArray();
        var rejected = new bool[pValues.Count];
        for (int rank = 0; rank < order.Length; rank++)
        {
            if (pValues[order[rank]] > alpha / (order.Length - rank))
            {
                break;
            }
            rejected[order[rank]] = true;
        }
        return rejected;
    }

    /// <summary>Q_KS(λ) = 2 Σ (−1)^(k−1) exp(−2k²λ²), the Kolmogorov distribution's tail.</summary>
    private static double KolmogorovTail(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }
        double sum = 0, sign = 1;
        for (int k = 1; k <= 100; k++)
        {
            double term = sign * Math.Exp(-2 * k * k * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-12)
            {
                break;
            }
            sign = -sign;
        }
        return Math.Clamp(2 * sum, 0, 1);
    }

    /// <summary>Unbiased MMD² of the first <paramref name="n"/> indices of <paramref name="order"/> against the rest.</summary>
    private static double Discrepancy(double[,] kernel, int[] order, int n)
    {
        int total = order.Length, m = total - n;
        double xx = 0, yy = 0, xy = 0;
        for (int a = 0; a < total; a++)
        {
            int i = order[a];
            for (int b = a + 1; b < total; b++)
            {
                double k = kernel[i, order[b]];
                if (a < n && b < n)
                {
                    xx += k;
                }
                else if (a >= n)
                {
                    yy += k;
                }
                else
                {
                    xy += k;
                }
            }
        }
        return 2 * xx / ((double)n * (n - 1)) + 2 * yy / ((double)m * (m - 1)) - 2 * xy / ((double)n * m);
    }

    private static double MedianDistance(IReadOnlyList<double[]> points)
    {
        var distances = new List<double>();
        for (int a = 0; a < points.Count; a++)
        {
            for (int b = a + 1; b < points.Count; b++)
            {
                double squared = 0;
                for (int d = 0; d < points[a].Length; d++)
                {
                    double diff = points[a][d] - points[b][d];
                    squared += diff * diff;
                }
                distances.Add(Math.Sqrt(squared));
            }
        }
        distances.Sort();
        return Math.Max(distances[distances.Count / 2], 1e-9);
    }
}
