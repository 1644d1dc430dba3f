using AutoDL.Search.Distributions;

namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// A numeric column: truncated normal kernels in "model space", where a log-scaled parameter is its
/// logarithm and a stepped one (stepped floats, linear ints) is widened by half a step at each end and
/// scored by the mass of its grid cell, as Optuna does. Log ints stay continuous in log space and are rounded
/// after the draw (Optuna 3.1 and its published test vectors).
/// </summary>
internal sealed class NumericKernels : IKernelDimension
{
    // Kernels are never narrower than this when magic clip is off (Optuna's EPS), to keep densities finite.
    private const double MinimumSigma = 1e-12;

    // Scott-style multivariate bandwidth factor of BOHB, as Optuna uses; the constant is theirs.
    private const double MultivariateSigmaMagnitude = 0.2;

    private readonly Func<double, double> _toModel;
    private readonly Func<double, double> _fromModel;
    private readonly double[] _logNormaliser;
    private readonly bool _omitScale;

    private NumericKernels(double[] mus, double[] sigmas, double low, double high, double? step, Func<double, double> toModel, Func<double, double> fromModel, bool omitScale)
    {
        _omitScale = omitScale;
        Mus = mus;
        Sigmas = sigmas;
        Low = low;
        High = high;
        Step = step;
        _toModel = toModel;
        _fromModel = fromModel;
        // The truncation mass of each kernel does not depend on the point scored, so it is paid once here.
        _logNormaliser = [.. mus.Select((mu, k) => TruncatedNormal.LogMass((low - mu) / sigmas[k], (high - mu) / sigmas[k]))];
    }

    /// <summary>Kernel centres in model space.</summary>
    public IReadOnlyList<double> Mus { get; }

    /// <summary>Kernel widths in model space.</summary>
    public IReadOnlyList<double> Sigmas { get; }

    /// <summary>Lower truncation bound in model space.</summary>
    public double Low { get; }

    /// <summary>Upper truncation bound in model space.</summary>
    public double High { get; }

    /// <summary>Grid cell width in model space when the values are discrete and scored by cell mass, else null.</summary>
    public double? Step { get; }

    /// <inheritdoc />
    public int Count => Mus.Count;

    /// <summary>Fits kernels to observations (internal form), one per observation plus the prior last when asked.</summary>
    /// <param name="distribution">A float or int distribution.</param>
    /// <param name="observations">Observed internal values, oldest first.</param>
    /// <param name="options">Prior, magic clip and endpoint settings.</param>
    /// <param name="withPrior">Whether to add the prior kernel (always when there are no observations).</param>
    /// <param name="multivariateDimensions">The number of jointly modelled parameters (used by the Scott-style shared width), or 0 when modelled alone.</param>
    public static NumericKernels Fit(ParameterDistribution distribution, IReadOnlyList<double> observations, TpeOptions options, bool withPrior, int multivariateDimensions)
    {
        var (low, high, step, toModel, fromModel) = ModelSpace(distribution);
        double range = high - low;
        int n = observations.Count;
        var mus = observations.Select(toModel).ToList();
        if (withPrior)
        {
            mus.Add(0.5 * (low + high));
        }
        double[] sigmas;
        if (multivariateDimensions > 0 && options.ScottMultivariateBandwidth)
        {
            double sigma = MultivariateSigmaMagnitude * Math.Pow(Math.Max(n, 1), -1.0 / (multivariateDimensions + 4)) * range;
            sigmas = Enumerable.Repeat(sigma, mus.Count).ToArray();
        }
        else
        {
            sigmas = NeighbourSigmas(mus, low, high, options.ConsiderEndpoints);
        }
        double minimum = options.MinimumBandwidthShare > 0 ? range * Math.Max(options.MinimumBandwidthShare, 1.0 / ((n + 2.0) * (n + 2.0)))
            : options.ConsiderMagicClip ? range / Math.Min(100.0, 1.0 + mus.Count)
            : MinimumSigma;
        for (int k = 0; k < sigmas.Length; k++)
        {
            sigmas[k] = Math.Clamp(sigmas[k], minimum, range);
        }
        if (withPrior)
        {
            sigmas[n] = range;
        }
        return new NumericKernels([.. mus], sigmas, low, high, step, toModel, fromModel, options.OmitKernelScale);
    }

    /// <inheritdoc />
    public double Sample(int component, Random random) =>
        _fromModel(TruncatedNormal.Sample(Mus[component], Sigmas[component], Low, High, random));

    /// <inheritdoc />
    public void AddLogPdf(double value, Span<double> perComponent)
    {
        double x = _toModel(value);
        for (int k = 0; k < Mus.Count; k++)
        {
            double mu = Mus[k];
            double sigma = Sigmas[k];
            double logPdf;
            if (Step is { } step)
            {
                double lower = Math.Max(x - step / 2, Low);
                double upper = Math.Min(x + step / 2, High);
                logPdf = TruncatedNormal.LogMass((lower - mu) / sigma, (upper - mu) / sigma) - _logNormaliser[k];
            }
            else
            {
                double z = (x - mu) / sigma;
                logPdf = -0.5 * z * z - 0.5 * Math.Log(2 * Math.PI) - (_omitScale ? 0 : Math.Log(sigma)) - _logNormaliser[k];
            }
            perComponent[k] += logPdf;
        }
    }

    /// <summary>
    /// Optuna's univariate bandwidth: each kernel is as wide as the larger gap to its sorted neighbours (the
    /// range ends count as neighbours); without endpoints, the outermost kernels use their inner gap only.
    /// </summary>
    private static double[] NeighbourSigmas(IReadOnlyList<double> mus, double low, double high, bool considerEndpoints)
    {
        int m = mus.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => mus[i]).ToArray();
        var edges = new double[m + 2];
        edges[0] = low;
        edges[m + 1] = high;
        for (int i = 0; i < m; i++)
        {
            edges[i + 1] = mus[order[i]];
        }
        var sorted = new double[m];
        for (int i = 0; i < m; i++)
        {
            sorted[i] = Math.Max(edges[i + 1] - edges[i], edges[i + 2] - edges[i + 1]);
        }
        if (!considerEndpoints && m >= 2)
        {
            sorted[0] = edges[2] - edges[1];
            sorted[m - 1] = edges[m] - edges[m - 1];
        }
        var sigmas = new double[m];
        for (int i = 0; i < m; i++)
        {
            sigmas[order[i]] = sorted[i];
        }
        return sigmas;
    }

    private static (double Low, double High, double? Step, Func<double, double> ToModel, Func<double, double> FromModel) ModelSpace(ParameterDistribution distribution)
    {
        switch (distribution)
        {
            case FloatDistribution { Log: true } f:
                return (Math.Log(f.Low), Math.Log(f.High), null, Math.Log, t => f.Snap(Math.Exp(t)));
            case FloatDistribution { Step: { } step } f:
                return (f.Low - step / 2, f.GridHigh + step / 2, step, x => x, f.Snap);
            case FloatDistribution f:
                return (f.Low, f.High, null, x => x, f.Snap);
            case IntDistribution { Log: true } i:
            {
                // Optuna needs Low ≥ 1 here; our ints may start at 0, so shift them until the widened low end is 1.
                double half = i.Step / 2.0;
                double shift = i.Low - half > 0 ? 0 : 1 + half - i.Low;
                return (Math.Log(i.Low - half + shift), Math.Log(i.Snap(i.High) + half + shift), null, x => Math.Log(x + shift), t => i.Snap(Math.Exp(t) - shift));
            }
            case IntDistribution i:
                return (i.Low - i.Step / 2.0, i.Snap(i.High) + i.Step / 2.0, i.Step, x => x, t => i.Snap(t));
            default:
                throw new ArgumentException($"TPE models float and int distributions numerically, not {distribution.GetType().Name}.", nameof(distribution));
        }
    }
}
