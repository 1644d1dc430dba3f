using AutoDL.Search.Samplers.Tpe;

namespace AutoDL.Tests.Search;

/// <summary>Reference values from Python's math.erfc and Optuna 3.1's own _truncnorm helpers.</summary>
public sealed class GaussianTests
{
    [Theory]
    [InlineData(1.0, 0.15729920705028513)]
    [InlineData(3.0, 2.2090496998585438e-05)]
    [InlineData(-1.5, 1.9661051464753108)]
    public void Erfc_matches_the_c_library_to_fourteen_digits(double x, double expected) =>
        Assert.Equal(expected, Gaussian.Erfc(x), expected * 1e-14);

    [Theory]
    [InlineData(-40.0, -804.6084420137538)]
    [InlineData(-5.0, -15.064998393988724)]
    [InlineData(3.0, -0.0013508099647482027)]
    public void Log_cdf_stays_exact_deep_in_both_tails(double x, double expected) =>
        Assert.Equal(expected, Gaussian.LogCdf(x), Math.Abs(expected) * 1e-12);

    [Theory]
    [InlineData(1e-10, -6.3613409024040575)]
    [InlineData(0.3, -0.5244005127080411)]
    public void Inverse_cdf_matches_optunas_ndtri(double p, double expected) =>
        Assert.Equal(expected, Gaussian.InverseCdf(p), 1e-12);

    [Theory]
    [InlineData(50.0, 51.0, -1254.8313611394199)]
    [InlineData(-1.0, 2.0, -0.20016629432446262)]
    public void Log_mass_of_an_interval_far_in_the_tail_is_finite_and_exact(double a, double b, double expected) =>
        Assert.Equal(expected, TruncatedNormal.LogMass(a, b), Math.Abs(expected) * 1e-12);

    [Fact]
    public void Truncated_draws_stay_inside_their_bounds_and_fill_them()
    {
        var random = new Random(3);

        var draws = Enumerable.Range(0, 2000).Select(_ => TruncatedNormal.Sample(0.9, 0.05, 0.0, 1.0, random)).ToList();

        Assert.All(draws, x => Assert.InRange(x, 0.0, 1.0));
        // N(0.9, 0.05) cut at 1: about 97.7% of the mass lies above 0.8.
        Assert.InRange(draws.Count(x => x > 0.8) / 2000.0, 0.96, 0.99);
    }
}
