namespace AutoDL.Search.Schedulers;

/// <summary>
/// Asynchronous successive halving (Li et al., 2020, "A System for Massively Parallel Hyperparameter
/// Tuning"), as Optuna's SuccessiveHalvingPruner: rungs at MinResource·η^k units of resource; at a rung a
/// trial goes on only if its value is in the top 1/η of all values recorded at that rung so far. Needs no
/// synchronisation, so a sequential search and later many workers use it alike. It compares with every trial
/// of the history it is given, so <see cref="HyperbandScheduler"/> runs one per bracket on that bracket's trials.
/// </summary>
/// <param name="MinResource">Resource before the first rung. 1, as in Optuna: the first unit already separates hopeless trials.</param>
/// <param name="ReductionFactor">η: the share promoted is 1/η. 3 is the value of the paper and of Optuna.</param>
public sealed record SuccessiveHalvingScheduler(int MinResource = 1, int ReductionFactor = 3) : IScheduler
{
    /// <inheritdoc />
    public bool ShouldPrune(TrialRecord trial, int step, IReadOnlyList<TrialRecord> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        if (!IsRung(step) || trial.Intermediate.Count < step)
        {
            return false;
        }
        double value = trial.Intermediate[step - 1];
        var atRung = history
            .Where(t => t.Number != trial.Number && t.Intermediate.Count >= step)
            .Select(t => t.Intermediate[step - 1])
            .Append(value)
            .OrderByDescending(v => v)
            .ToList();
        // Top ⌈n/η⌉ go on; the first trial to reach a rung always does.
        int promoted = Math.Max(1, (int)Math.Ceiling(atRung.Count / (double)ReductionFactor));
        return value < atRung[promoted - 1];
    }

    private bool IsRung(int step)
    {
        if (step < MinResource)
        {
            return false;
        }
        long rung = MinResource;
        while (rung < step)
        {
            rung *= ReductionFactor;
        }
        return rung == step;
    }
}
