namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// Settings of <see cref="TpeSampler"/>. The defaults are Optuna's TPESampler defaults, except
/// <see cref="ConstantLiar"/>, which is on because our studies may run several workers on one store.
/// </summary>
public sealed record TpeOptions
{
    /// <summary>Trials drawn at random before TPE starts (Optuna's n_startup_trials): a model of fewer points is noise.</summary>
    public int StartupTrials { get; init; } = 10;

    /// <summary>Candidates drawn from l(x) per proposal; the one maximising l(x)/g(x) wins (Optuna's n_ei_candidates).</summary>
    public int EiCandidates { get; init; } = 24;

    /// <summary>Add a broad prior kernel over the whole range to both mixtures, so no region's density is ever zero.</summary>
    public bool ConsiderPrior { get; init; } = true;

    /// <summary>The prior kernel's weight relative to an observation's (Optuna's prior_weight); must be positive.</summary>
    public double PriorWeight { get; init; } = 1.0;

    /// <summary>Keep kernels at least range / min(100, kernels + 1) wide, so a tight cluster cannot collapse to a spike (hyperopt's "magic clip").</summary>
    public bool ConsiderMagicClip { get; init; } = true;

    /// <summary>Let the range ends count as neighbours of the outermost kernels when choosing their width; off in Optuna.</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>
    /// Model the parameters that are always active (those without a parent) jointly, as Optuna's
    /// multivariate TPE does over the intersection space; conditional ones stay univariate. Off, as in Optuna.
    /// </summary>
    public bool Multivariate { get; init; }

    /// <summary>
    /// Score continuous kernels without the −log σ of their density, as Optuna before 3.5 did
    /// (https://github.com/optuna/optuna/issues/5109, fixed by https://github.com/optuna/optuna/pull/5110).
    /// Without the term, a narrow kernel counts no more than a wide one at its centre, so l(x)/g(x) favours
    /// broad regions over sharp peaks. Off: the true truncated-normal density, as Optuna 3.5+ and the paper.
    /// Grid-stepped parameters are scored by cell mass, which has no such term, either way.
    /// </summary>
    public bool OmitKernelScale { get; init; }

    /// <summary>Count running trials as bad (Optuna's constant_liar), so parallel workers spread out instead of proposing one point.</summary>
    public bool ConstantLiar { get; init; } = true;
}
