using AutoDL.Search.Distributions;

namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// A categorical column: each observation's kernel puts one extra unit of weight on its own choice over a
/// floor of prior_weight / kernels spread on every choice; the prior kernel (last) is uniform. Optuna's rule.
/// </summary>
internal sealed class CategoricalKernels : IKernelDimension
{
    private CategoricalKernels(double[][] weights) => Weights = weights;

    /// <summary>Row k: kernel k's probabilities over the choices (each row sums to 1).</summary>
    public IReadOnlyList<double[]> Weights { get; }

    /// <inheritdoc />
    public int Count => Weights.Count;

    /// <summary>Fits the kernels to observed choice indices.</summary>
    public static CategoricalKernels Fit(CategoricalDistribution distribution, IReadOnlyList<double> observations, bool withPrior, double priorWeight)
    {
        int n = observations.Count;
        int choices = distribution.Choices.Count;
        int rows = withPrior ? n + 1 : n;
        double floor = priorWeight / rows;
        var weights = new double[rows][];
        for (int k = 0; k < rows; k++)
        {
            var row = Enumerable.Repeat(floor, choices).ToArray();
            if (k < n)
            {
                row[(int)observations[k]] += 1;
            }
            double sum = row.Sum();
            weights[k] = [.. row.Select(w => w / sum)];
        }
        return new CategoricalKernels(weights);
    }

    /// <inheritdoc />
    public double Sample(int component, Random random)
    {
        var row = Weights[component];
        double u = random.NextDouble();
        double cumulative = 0;
        for (int c = 0; c < row.Length - 1; c++)
        {
            cumulative += row[c];
            if (u < cumulative)
            {
                return c;
            }
        }
        return row.Length - 1;
    }

    /// <inheritdoc />
    public void AddLogPdf(double value, Span<double> perComponent)
    {
        int choice = (int)value;
        for (int k = 0; k < Weights.Count; k++)
        {
            perComponent[k] += Math.Log(Weights[k][choice]);
        }
    }
}
