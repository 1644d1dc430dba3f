using AutoDL.Search.Distributions;

namespace AutoDL.Search;

/// <summary>How every task's search places its learning rates: around the range test's suggestion, and scaled with the batch size.</summary>
public static class LearningRateRange
{
    /// <summary>
    /// How far either side of the range test's suggestion the searched learning rates reach: a factor √10, so one
    /// decade in all. The suggestion varies by about 2× between seeds (bench/results/lr-range-test-fashion-mnist.md),
    /// which a decade covers with room to spare; the classifier's fixed range it replaces spans 2.2 decades, most of them
    /// below the rates the test finds.
    /// </summary>
    private static readonly double HalfWidth = Math.Sqrt(10);

    /// <summary>
    /// <paramref name="space"/> with <paramref name="parameter"/> spanning a decade centred on <paramref name="suggested"/>,
    /// widened to keep <paramref name="ratesToKeep"/> inside (the default recipe's rates: at the calibrated batch size, and
    /// at the batch size the first look trained with before calibration); unchanged without a suggestion.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The suggestion is not a positive number.</exception>
    public static SearchSpace CentreOn(SearchSpace space, string parameter, double? suggested, params ReadOnlySpan<double> ratesToKeep)
    {
        ArgumentNullException.ThrowIfNull(space);
        if (suggested is not { } rate)
        {
            return space;
        }
        if (!(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException(nameof(suggested), rate, "A suggested learning rate must be a positive number.");
        }
        double low = rate / HalfWidth, high = rate * HalfWidth;
        foreach (double kept in ratesToKeep)
        {
            (low, high) = (Math.Min(low, kept), Math.Max(high, kept));
        }
        var centred = new FloatDistribution(low, high, Log: true);
        return new SearchSpace(space.Parameters.Select(p => p.Name == parameter ? p with { Distribution = centred } : p));
    }

    /// <summary>
    /// A rate measured at <paramref name="measuredBatch"/>, scaled to <paramref name="batchSize"/> by the square root of
    /// the batch ratio, the rule for Adam-style optimisers (Malladi et al., "On the SDEs and Scaling Rules for Adaptive
    /// Gradient Algorithms", 2022).
    /// </summary>
    public static double ScaledTo(double rate, int measuredBatch, int batchSize) =>
        batchSize > 0 ? rate * Math.Sqrt(batchSize / (double)measuredBatch) : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "A batch size must be positive.");
}
