using AutoDL.Search.Distributions;
using AutoDL.Search.Samplers.Tpe;

namespace AutoDL.Tests.Search;

/// <summary>
/// Optuna's published Parzen estimator vectors (tests/samplers_tests/tpe_tests/test_parzen_estimator.py:
/// test_calculate and test_init_parzen_estimator), reproduced number for number.
/// </summary>
public sealed class ParzenEstimatorTests
{
    private const int Digits = 9;

    public static TheoryData<double[], bool, bool, bool, double[], double[], double[]> OptunaCalculateCases => new()
    {
        // observations, prior, magic clip, endpoints → weights, mus, sigmas on FloatDistribution(-1, 1)
        { [], false, false, true, [1.0], [0.0], [2.0] },
        { [], true, false, true, [1.0], [0.0], [2.0] },
        { [0.4], true, false, true, [0.5, 0.5], [0.4, 0.0], [0.6, 2.0] },
        { [-0.4], true, false, true, [0.5, 0.5], [-0.4, 0.0], [0.6, 2.0] },
        { [-0.4, 0.4], true, false, true, [1.0 / 3, 1.0 / 3, 1.0 / 3], [-0.4, 0.4, 0.0], [0.6, 0.6, 2.0] },
        { [-0.4, 0.4], true, false, false, [1.0 / 3, 1.0 / 3, 1.0 / 3], [-0.4, 0.4, 0.0], [0.4, 0.4, 2.0] },
        { [-0.4, 0.4], false, false, true, [0.5, 0.5], [-0.4, 0.4], [0.8, 0.8] },
        { [-0.4, 0.4, 0.41, 0.42], false, false, true, [0.25, 0.25, 0.25, 0.25], [-0.4, 0.4, 0.41, 0.42], [0.8, 0.8, 0.01, 0.58] },
        { [-0.4, 0.4, 0.41, 0.42], false, true, true, [0.25, 0.25, 0.25, 0.25], [-0.4, 0.4, 0.41, 0.42], [0.8, 0.8, 0.4, 0.58] },
    };

    [Theory]
    [MemberData(nameof(OptunaCalculateCases))]
    public void Univariate_kernels_match_optunas_test_calculate(double[] observations, bool prior, bool magicClip, bool endpoints, double[] weights, double[] mus, double[] sigmas)
    {
        var options = new TpeOptions { ConsiderPrior = prior, PriorWeight = 1.0, ConsiderMagicClip = magicClip, ConsiderEndpoints = endpoints };

        var estimator = new ParzenEstimator([new FloatDistribution(-1, 1)], [observations], options, multivariate: false);

        AssertClose(weights, estimator.Weights);
        AssertNumeric(estimator.Dimensions[0], mus, sigmas, -1, 1, null);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, false)]
    [InlineData(true, true)]
    [InlineData(false, true)]
    public void Kernels_of_every_distribution_kind_match_optunas_test_init_parzen_estimator(bool prior, bool multivariate)
    {
        // Optuna's SEARCH_SPACE: a float, log float, float with step 3, int, log int, two categoricals; one
        // observation, all at internal value 1; no magic clip, no endpoints.
        ParameterDistribution[] space =
        [
            new FloatDistribution(1, 100),
            new FloatDistribution(1, 100, Log: true),
            new FloatDistribution(1, 100, Step: 3),
            new IntDistribution(1, 100),
            new IntDistribution(1, 100, Log: true),
            new CategoricalDistribution(["x", "y", "z"]),
            new CategoricalDistribution(["0.0", "inf", "nan", "None"]),
        ];
        var options = new TpeOptions { ConsiderPrior = prior, PriorWeight = 1.0, ConsiderMagicClip = false, ConsiderEndpoints = false, ScottMultivariateBandwidth = true };

        var estimator = new ParzenEstimator(space, [.. space.Select(_ => (IReadOnlyList<double>)[1.0])], options, multivariate);

        AssertClose(prior ? [0.5, 0.5] : [1.0], estimator.Weights);
        double ln100 = Math.Log(100);
        double logIntLow = Math.Log(0.5);
        double logIntHigh = Math.Log(100.5);
        double logIntMid = (logIntHigh + logIntLow) / 2;
        // Univariate: the gap to the prior (or to the far end without it); multivariate: 0.2 × range, as n = 1.
        double Sigma(double withPrior, double withoutPrior, double range) => multivariate ? 0.2 * range : prior ? withPrior : withoutPrior;
        double[] Kernels(double first, double range) => prior ? [first, range] : [first];
        double[] Centres(double first, double middle) => prior ? [first, middle] : [first];

        AssertNumeric(estimator.Dimensions[0], Centres(1, 50.5), Kernels(Sigma(49.5, 99, 99), 99), 1, 100, null);
        AssertNumeric(estimator.Dimensions[1], Centres(0, ln100 / 2), Kernels(Sigma(ln100 / 2, ln100, ln100), ln100), 0, ln100, null);
        // Optuna stores the stepped kernels with the original bounds and the step; ours keep the widened bounds.
        AssertNumeric(estimator.Dimensions[2], Centres(1, 50.5), Kernels(Sigma(49.5, 100.5, 102), 102), -0.5, 101.5, 3);
        AssertNumeric(estimator.Dimensions[3], Centres(1, 50.5), Kernels(Sigma(49.5, 99.5, 100), 100), 0.5, 100.5, 1);
        AssertNumeric(estimator.Dimensions[4], Centres(0, logIntMid), Kernels(Sigma(logIntMid, logIntHigh, logIntHigh - logIntLow), logIntHigh - logIntLow), logIntLow, logIntHigh, null);
        AssertCategorical(estimator.Dimensions[5], prior ? [[0.2, 0.6, 0.2], [1.0 / 3, 1.0 / 3, 1.0 / 3]] : [[0.25, 0.5, 0.25]]);
        AssertCategorical(estimator.Dimensions[6], prior ? [[1.0 / 6, 0.5, 1.0 / 6, 1.0 / 6], [0.25, 0.25, 0.25, 0.25]] : [[0.2, 0.4, 0.2, 0.2]]);

        var random = new Random(0);
        for (int i = 0; i < 10; i++)
        {
            var sample = estimator.Sample(random);
            Assert.All(space.Select((d, j) => (d, sample[j])), x => Assert.True(x.d.Contains(x.Item2), $"{x.Item2} is outside {x.d}"));
        }
    }

    [Theory]
    [InlineData(false, new[] { -1.6433386168532993, -0.5222105263946173, -0.17162447080884635, -1.2824900722828136 })]
    [InlineData(true, new[] { -1.4785815000803761, -0.9450384379484115, -0.7613977646909343, -1.3826919765480312 })]
    public void Mixture_log_density_matches_optuna_31_with_and_without_the_kernel_scale_term(bool omitScale, double[] expected)
    {
        // Optuna 3.1's _ParzenEstimator on FloatDistribution(-1, 1), observations [-0.4, 0.4, 0.41, 0.42], prior,
        // magic clip: log_pdf as shipped (it omits −log σ, optuna#5109), and with −log σ restored as in 3.5 (#5110).
        var options = new TpeOptions { OmitKernelScale = omitScale };
        var estimator = new ParzenEstimator([new FloatDistribution(-1, 1)], [[-0.4, 0.4, 0.41, 0.42]], options, multivariate: false);

        double[] points = [-0.9, 0.0, 0.405, 0.99];

        AssertClose(expected, [.. points.Select(x => estimator.LogPdf([x]))]);
    }

    [Fact]
    public void Default_weights_are_flat_below_25_observations_then_ramp_older_ones_down()
    {
        Assert.Equal(Enumerable.Repeat(1.0, 24), ParzenEstimator.DefaultWeights(24));

        var weights = ParzenEstimator.DefaultWeights(30);

        // numpy.linspace(1/30, 1, 5) followed by 25 ones.
        AssertClose([1.0 / 30, 0.275, 0.5166666666666667, 0.7583333333333333, 1.0], weights.Take(5).ToArray());
        Assert.All(weights.Skip(5), w => Assert.Equal(1.0, w));
    }

    private static void AssertNumeric(IKernelDimension dimension, double[] mus, double[] sigmas, double low, double high, double? step)
    {
        var kernels = Assert.IsType<NumericKernels>(dimension);
        AssertClose(mus, kernels.Mus);
        AssertClose(sigmas, kernels.Sigmas);
        Assert.Equal(low, kernels.Low, Digits);
        Assert.Equal(high, kernels.High, Digits);
        Assert.Equal(step, kernels.Step);
    }

    private static void AssertCategorical(IKernelDimension dimension, double[][] rows)
    {
        var kernels = Assert.IsType<CategoricalKernels>(dimension);
        Assert.Equal(rows.Length, kernels.Weights.Count);
        for (int k = 0; k < rows.Length; k++)
        {
            AssertClose(rows[k], kernels.Weights[k]);
        }
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], actual[i], Digits);
        }
    }
}
