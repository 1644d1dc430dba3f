using AutoDL.Search.Distributions;

namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// Tree-structured Parzen Estimator (Bergstra et al., 2011, https://papers.nips.cc/paper/4443) with the
/// semantics of Optuna's TPESampler: after <see cref="TpeOptions.StartupTrials"/> random trials, it splits
/// the history into the best gamma(n) = min(⌈0.1·n⌉, 25) trials and the rest, fits a Parzen mixture l(x) to
/// the first and g(x) to the second, draws <see cref="TpeOptions.EiCandidates"/> candidates from l(x) and
/// proposes the one maximising log l(x) − log g(x).
/// </summary>
/// <remarks>
/// Deliberate differences from Optuna 3.1: failed trials join g(x), so a region that crashes or diverges is
/// avoided rather than forgotten; and running trials join g(x) by default (Optuna's constant_liar), so
/// parallel workers spread out. A conditional parameter is modelled only from the trials where it was active,
/// after its parent has been chosen. Pure: everything it knows comes from the history passed in.
/// By default kernels are scored as Optuna 3.1 scores them, without −log σ (optuna#5109, changed in 3.5):
/// on identical histories our next proposal is then distributed as Optuna 3.1's (next_proposal.py in
/// bench/Samplers), and it measured better than the exact density; see <see cref="TpeOptions.OmitKernelScale"/>.
/// </remarks>
public sealed class TpeSampler : ISampler
{
    private readonly RandomSampler _startup = new();

    /// <summary>Creates a sampler; Optuna's defaults when <paramref name="options"/> is null.</summary>
    public TpeSampler(TpeOptions? options = null)
    {
        Options = options ?? new TpeOptions();
        ArgumentOutOfRangeException.ThrowIfNegative(Options.StartupTrials, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.EiCandidates, 1, nameof(options));
        if (!(Options.PriorWeight > 0 && double.IsFinite(Options.PriorWeight)))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.PriorWeight, "The TPE prior weight must be positive and finite.");
        }
    }

    /// <summary>The settings in use.</summary>
    public TpeOptions Options { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> Propose(SearchSpace space, IReadOnlyList<TrialRecord> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(random);
        var split = TpeSplit.Of(history, Options.ConstantLiar);
        if (split.Ranked < Options.StartupTrials)
        {
            return _startup.Propose(space, history, random);
        }
        var chosen = new Dictionary<string, double>(StringComparer.Ordinal);
        if (Options.Multivariate)
        {
            // Parameters without a parent exist in every trial: Optuna's intersection search space.
            var joint = space.Parameters.Where(p => p.ParentName is null && SingleValue(p.Distribution) is null).ToList();
            if (joint.Count > 0)
            {
                var values = ProposeJointly(joint, split, random, multivariate: true);
                for (int i = 0; i < joint.Count; i++)
                {
                    chosen[joint[i].Name] = values[i];
                }
            }
        }
        // Space order puts parents first, so a conditional parameter is decided after the choice it depends on.
        foreach (var parameter in space.Parameters)
        {
            if (chosen.ContainsKey(parameter.Name) || !space.IsActive(parameter, chosen))
            {
                continue;
            }
            chosen[parameter.Name] = SingleValue(parameter.Distribution) ?? ProposeJointly([parameter], split, random, multivariate: false)[0];
        }
        return chosen;
    }

    private double[] ProposeJointly(IReadOnlyList<SearchParameter> parameters, TpeSplit split, Random random, bool multivariate)
    {
        var distributions = parameters.Select(p => p.Distribution).ToList();
        var good = new ParzenEstimator(distributions, Observations(parameters, split.Below), Options, multivariate);
        var bad = new ParzenEstimator(distributions, Observations(parameters, split.Above), Options, multivariate);
        double[]? best = null;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < Options.EiCandidates; i++)
        {
            var candidate = good.Sample(random);
            double score = good.LogPdf(candidate) - bad.LogPdf(candidate);
            if (best is null || score > bestScore)
            {
                best = candidate;
                bestScore = score;
            }
        }
        return best!;
    }

    /// <summary>
    /// Columns of the values the trials took, from the trials where every parameter was set and in range (a
    /// resumed study whose space changed may hold values the distribution no longer contains).
    /// </summary>
    private static List<IReadOnlyList<double>> Observations(IReadOnlyList<SearchParameter> parameters, IReadOnlyList<TrialRecord> trials)
    {
        var columns = parameters.Select(_ => new List<double>()).ToList();
        foreach (var trial in trials)
        {
            bool usable = parameters.All(p => trial.Params.TryGetValue(p.Name, out var v) && p.Distribution.Contains(v));
            if (usable)
            {
                for (int i = 0; i < parameters.Count; i++)
                {
                    columns[i].Add(trial.Params[parameters[i].Name]);
                }
            }
        }
        return [.. columns];
    }

    /// <summary>The only value of a distribution that has one (nothing to model), else null.</summary>
    private static double? SingleValue(ParameterDistribution distribution) => distribution switch
    {
        FloatDistribution f when f.GridHigh <= f.Low => f.Low,
        IntDistribution i when i.Snap(i.High) <= i.Low => i.Low,
        CategoricalDistribution { Choices.Count: 1 } => 0,
        _ => null,
    };
}
