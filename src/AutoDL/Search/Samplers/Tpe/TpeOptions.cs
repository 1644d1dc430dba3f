namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// Settings of <see cref="TpeSampler"/>. The defaults are Optuna 3.1's TPESampler defaults, except
/// <see cref="ConstantLiar"/>, which is on because our studies may run several workers on one store;
/// <see cref="Multivariate"/>, on as in Optuna 5, for measured reasons; and <see cref="OmitKernelScale"/>, which
/// keeps Optuna 3.1's (pre-3.5) kernel density on purpose, for measured reasons.
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

    /// <summary>
    /// When positive, kernels are at least this share of the range wide (and at least range / (n + 2)², n the
    /// observations), in place of the magic clip: Watanabe's recommended floor (0.03 in arXiv 2304.11127), narrower
    /// than the magic clip's range / (n + 1) once a few trials are in, so TPE can refine near its best point. Off: here
    /// it cost Hartmann-6 more than it gained on Branin (bench/results/samplers-variants.md).
    /// </summary>
    public double MinimumBandwidthShare { get; init; }

    /// <summary>
    /// Multivariate kernels share one Scott-style width (Optuna 3.1 and BOHB: 0.2 · n^(−1/(d+4)) · range) instead of
    /// each taking its univariate neighbour-gap width (Optuna 5, the default). Kept to reproduce Optuna 3.1: on
    /// held-out seeds it was 3 times worse on Branin (bench/results/samplers-variants.md).
    /// </summary>
    public bool ScottMultivariateBandwidth { get; init; }

    /// <summary>Let the range ends count as neighbours of the outermost kernels when choosing their width; off in Optuna.</summary>
    public bool ConsiderEndpoints { get; init; }

    /// <summary>
    /// Model the parameters that are always active (those without a parent) jointly, as Optuna's
    /// multivariate TPE does over the intersection space; conditional ones stay univariate. On by default, as in
    /// Optuna 5 (optuna/optuna#6746), with the univariate neighbour-gap widths: on seeds 100–199, median regret
    /// after 100 evaluations fell from 0.025 to 0.008 on Branin and from 0.247 to 0.224 on Hartmann-6
    /// (bench/results/samplers-variants.md). Optuna 3.1 had it off.
    /// </summary>
    public bool Multivariate { get; init; } = true;

    /// <summary>
    /// Score continuous kernels without the −log σ of their density, as Optuna before 3.5 did
    /// (https://github.com/optuna/optuna/issues/5109, fixed by https://github.com/optuna/optuna/pull/5110).
    /// ON BY DEFAULT, deliberately: it reproduces Optuna 3.1's proposals, and in univariate TPE it optimises better
    /// than the exact density. Each kernel then weighs as if multiplied by its width σ; g(x), fitted to many trials, has narrow
    /// kernels and is scaled down most, so l(x)/g(x) peaks near the best trials and TPE exploits them more.
    /// In univariate TPE, over 100 seeds, median regret after 100 evaluations (bench/results/samplers-100seeds.md at
    /// commit 843b210): Branin
    /// 0.026 with the omission vs 0.050 with the exact density, Hartmann-6 0.243 vs 0.360, with bootstrap 90%
    /// intervals apart; Optuna 3.1 itself 0.028 and 0.233, and Optuna 3.1 with #5110 0.041 and 0.333.
    /// In multivariate TPE (the default) the omission trades the two functions instead: over seeds 100–199, 0.008
    /// against 0.023 on Branin but 0.224 against 0.148 on Hartmann-6 (bench/results/samplers-variants.md); it was kept
    /// for the better geometric mean of the two.
    /// Set false for the true truncated-normal density of the paper and Optuna ≥ 3.5. Grid-stepped parameters
    /// are scored by cell mass, which has no such term, either way.
    /// </summary>
    public bool OmitKernelScale { get; init; } = true;

    /// <summary>Count running trials as bad (Optuna's constant_liar), so parallel workers spread out instead of proposing one point.</summary>
    public bool ConstantLiar { get; init; } = true;
}
