using AutoDL.Monitoring.Drift;

namespace AutoDL.Tests.Monitoring;

public sealed class TwoSampleTestsTests
{
    [Fact]
    public void Given_hand_computed_samples_then_the_kolmogorov_smirnov_gap_is_the_largest_difference_of_the_two_distribution_functions()
    {
        // Reference 1..4, window 3, 5: at 2 the reference is at 0.5 and the window at 0; at 4, 1 and 0.5; at 3, 0.75 and 0.5.
        var (gap, p) = TwoSampleTests.KolmogorovSmirnov([1, 2, 3, 4], [5, 3]);

        Assert.Equal(0.5, gap, 1e-12);
        Assert.InRange(p, 0.3, 1);
    }

    [Fact]
    public void Given_samples_of_one_distribution_or_of_a_shifted_one_then_only_the_shift_is_significant()
    {
        var random = new Random(3);
        var reference = Normal(random, 1000, 0).Order().ToArray();

        var (_, same) = TwoSampleTests.KolmogorovSmirnov(reference, Normal(random, 200, 0));
        var (_, shifted) = TwoSampleTests.KolmogorovSmirnov(reference, Normal(random, 200, 0.5));

        Assert.True(same > 0.01, $"p of a like sample {same}");
        Assert.True(shifted < 1e-4, $"p of a shifted sample {shifted}");
    }

    [Fact]
    public void Given_class_counts_then_the_chi_squared_statistic_and_its_p_value_are_pearson_s()
    {
        // Expected 50/30/20 of 100; observed 40/40/20: (10²/50) + (10²/30) + 0 = 2 + 3.333 = 5.333 on 2 degrees of freedom: p = e^(−5.333/2).
        var (statistic, p) = TwoSampleTests.ChiSquared([40, 40, 20], [0.5, 0.3, 0.2]);

        Assert.Equal(2 + 100.0 / 30, statistic, 1e-9);
        Assert.Equal(Math.Exp(-statistic / 2), p, 1e-9);
    }

    [Fact]
    public void Given_points_of_one_distribution_or_of_a_moved_one_then_the_kernel_test_tells_them_apart()
    {
        var random = new Random(5);
        double[][] Points(int n, double shift) => [.. Enumerable.Range(0, n).Select(_ => new[] { Normal(random, 1, shift)[0], Normal(random, 1, 0)[0] })];
        var reference = Points(150, 0);

        var (_, same) = TwoSampleTests.MaximumMeanDiscrepancy(reference, Points(100, 0), permutations: 200, seed: 1);
        var (moved, shifted) = TwoSampleTests.MaximumMeanDiscrepancy(reference, Points(100, 1), permutations: 200, seed: 1);

        Assert.True(same > 0.01, $"p of like points {same}");
        Assert.Equal(1.0 / 201, shifted, 1e-12);
        Assert.True(moved > 0);
    }

    [Fact]
    public void Given_p_values_then_holm_rejects_step_down_until_one_passes_its_level()
    {
        // alpha 0.05 over 4: 0.01 ≤ 0.0125 rejects, 0.016 ≤ 0.0167 rejects, 0.03 > 0.025 stops (and 0.02 after it is kept).
        var rejected = TwoSampleTests.Holm([0.03, 0.01, 0.016, 0.5], 0.05);

        Assert.Equal([false, true, true, false], rejected);
    }

    private static double[] Normal(Random random, int n, double mean) =>
        [.. Enumerable.Range(0, n).Select(_ => mean + Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()))];
}
