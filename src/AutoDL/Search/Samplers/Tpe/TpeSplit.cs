namespace AutoDL.Search.Samplers.Tpe;

/// <summary>
/// The history divided into the good trials, which l(x) models, and the rest, which g(x) models, each
/// oldest first (the weights fade older trials).
/// </summary>
/// <param name="Below">The best gamma(n) ranked trials.</param>
/// <param name="Above">Every other trial TPE learns from.</param>
/// <param name="Ranked">n: complete and pruned trials, the ones that have a rank.</param>
internal sealed record TpeSplit(IReadOnlyList<TrialRecord> Below, IReadOnlyList<TrialRecord> Above, int Ranked)
{
    // Optuna's default_gamma: the best 10% of trials, but never more than 25, are "good".
    private const double GoodFraction = 0.1;
    private const int MaxGood = 25;

    /// <summary>
    /// Ranks trials as Optuna does, best first: complete ones by value; pruned ones by the last epoch reached
    /// (later first), then by the value there; pruned ones that reported nothing. Then two tiers Optuna 3.1
    /// does not have: failed trials, so the sampler learns to avoid what crashed or diverged (Optuna ignores
    /// them); and, with a constant liar, running trials, so parallel workers do not propose the same point.
    /// Only ranked trials can be good: gamma(n) counts them alone.
    /// </summary>
    public static TpeSplit Of(IReadOnlyList<TrialRecord> history, bool constantLiar)
    {
        var keyed = history
            .OrderBy(t => t.Number)
            .Select(t => (Trial: t, Key: RankKey(t)))
            .Where(x => x.Trial.State != TrialState.Running || constantLiar)
            .ToList();
        int ranked = keyed.Count(x => x.Key.Tier <= 2);
        int good = Math.Min((int)Math.Ceiling(GoodFraction * ranked), MaxGood);
        var isGood = new bool[keyed.Count];
        foreach (int i in Enumerable.Range(0, keyed.Count)
            .OrderBy(i => keyed[i].Key.Tier).ThenBy(i => keyed[i].Key.Step).ThenBy(i => keyed[i].Key.Loss)
            .Take(good))
        {
            isGood[i] = true;
        }
        return new TpeSplit(
            [.. keyed.Where((_, i) => isGood[i]).Select(x => x.Trial)],
            [.. keyed.Where((_, i) => !isGood[i]).Select(x => x.Trial)],
            ranked);
    }

    private static (int Tier, double Step, double Loss) RankKey(TrialRecord trial)
    {
        // Loss = −value because the study maximises; a NaN sorts last, as Optuna's +inf does.
        static double Loss(double value) => double.IsNaN(value) ? double.PositiveInfinity : -value;
        return trial.State switch
        {
            TrialState.Complete when trial.Value is { } v && !double.IsNaN(v) => (0, 0, -v),
            TrialState.Pruned when trial.Intermediate.Count > 0 => (1, -trial.Intermediate.Count, Loss(trial.Intermediate[^1])),
            TrialState.Pruned => (2, 0, 0),
            TrialState.Running => (4, 0, 0),
            // Failed, or "complete" without a usable value (Optuna would have failed such a trial).
            _ => (3, 0, 0),
        };
    }
}
