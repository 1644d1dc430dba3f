using AutoDL.Search.Distributions;

namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// A mixture of product kernels over one or more parameters: one component per observation, plus the prior
/// (a broad kernel over the whole range) as the last component. TPE fits one to the good trials, l(x), and
/// one to the rest, g(x). Follows Optuna's <c>_ParzenEstimator</c>
/// (https://github.com/optuna/optuna/blob/master/optuna/samplers/_tpe/parzen_estimator.py).
/// </summary>
internal sealed class ParzenEstimator
{
    // Optuna's default_weights: older observations fade linearly once there are more than this many.
    private const int FlatWeightCount = 25;

    /// <summary>Fits the mixture.</summary>
    /// <param name="distributions">The parameters modelled, each with its own column.</param>
    /// <param name="observations">Per parameter, its observed internal values, oldest first; all the same length.</param>
    /// <param name="options">Prior, bandwidth and clipping settings.</param>
    /// <param name="multivariate">Whether the columns are modelled jointly (which, with <see cref="TpeOptions.ScottMultivariateBandwidth"/>, gives them one shared width).</param>
    public ParzenEstimator(IReadOnlyList<ParameterDistribution> distributions, IReadOnlyList<IReadOnlyList<double>> observations, TpeOptions options, bool multivariate)
    {
        int n = observations.Count == 0 ? 0 : observations[0].Count;
        // With nothing observed the prior is all there is, whatever the options say.
        bool withPrior = options.ConsiderPrior || n == 0;
        var weights = DefaultWeights(n).ToList();
        if (withPrior)
        {
            weights.Add(options.PriorWeight);
        }
        double total = weights.Sum();
        Weights = [.. weights.Select(w => w / total)];
        Dimensions = [.. distributions.Select((d, i) => d is CategoricalDistribution c
            ? (IKernelDimension)CategoricalKernels.Fit(c, observations[i], withPrior, options.PriorWeight)
            : NumericKernels.Fit(d, observations[i], options, withPrior, multivariate ? distributions.Count : 0))];
    }

    /// <summary>Mixture weights, summing to 1; the prior's is last.</summary>
    public IReadOnlyList<double> Weights { get; }

    /// <summary>One kernel column per parameter, in the order given.</summary>
    public IReadOnlyList<IKernelDimension> Dimensions { get; }

    /// <summary>
    /// Optuna's default_weights: flat for fewer than 25 observations; beyond that the newest 25 weigh 1 and
    /// older ones ramp down linearly towards 1/n, so a long history drifts towards recent trials.
    /// </summary>
    public static double[] DefaultWeights(int n)
    {
        if (n < FlatWeightCount)
        {
            return Enumerable.Repeat(1.0, n).ToArray();
        }
        int ramp = n - FlatWeightCount;
        var weights = new double[n];
        for (int i = 0; i < n; i++)
        {
            weights[i] = i >= ramp ? 1.0
                : ramp == 1 ? 1.0 / n
                : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1);
        }
        return weights;
    }

    /// <summary>Draws a point: a component by weight, then each column from that component's kernel.</summary>
    public double[] Sample(Random random)
    {
        int component = Weights.Count - 1;
        double u = random.NextDouble();
        double cumulative = 0;
        for (int k = 0; k < Weights.Count - 1; k++)
        {
            cumulative += Weights[k];
            if (u < cumulative)
            {
                component = k;
                break;
            }
        }
        return [.. Dimensions.Select(d => d.Sample(component, random))];
    }

    /// <summary>log of the mixture density at a point (internal values, one per column).</summary>
    public double LogPdf(IReadOnlyList<double> point)
    {
        Span<double> perComponent = Weights.Count <= 256 ? stackalloc double[Weights.Count] : new double[Weights.Count];
        for (int k = 0; k < Weights.Count; k++)
        {
            perComponent[k] = Math.Log(Weights[k]);
        }
        for (int d = 0; d < Dimensions.Count; d++)
        {
            Dimensions[d].AddLogPdf(point[d], perComponent);
        }
        double max = double.NegativeInfinity;
        foreach (double v in perComponent)
        {
            max = Math.Max(max, v);
        }
        if (double.IsNegativeInfinity(max))
        {
            return max;
        }
        double sum = 0;
        foreach (double v in perComponent)
        {
            sum += Math.Exp(v - max);
        }
        return max + Math.Log(sum);
    }
}
