namespace AutoDL.Search.Schedulers;

/// <summary>
/// Asynchronous successive halving (Li et al., 2020, "A System for Massively Parallel Hyperparameter
/// Tuning"), as Optuna's SuccessiveHalvingPruner: rungs at MinEpochs·η^k epochs; at a rung a trial goes on
/// only if its value is in the top 1/η of all values recorded at that rung so far. Needs no synchronisation,
/// so a sequential search and later many workers use it alike.
/// </summary>
/// <param name="MinEpochs">Epochs before the first rung.</param>
/// <param name="ReductionFactor">η: the share promoted is 1/η. 3 is the value of the paper and of Optuna.</param>
public sealed record SuccessiveHalvingScheduler(int MinEpochs = 1, int ReductionFactor = 3) : IScheduler
{
    /// <inheritdoc />
    public bool ShouldPrune(TrialRecord trial, int epoch, IReadOnlyList<TrialRecord> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        if (!IsRung(epoch) || trial.Intermediate.Count < epoch)
        {
            return false;
        }
        double value = trial.Intermediate[epoch - 1];
        var atRung = history
            .Where(t => t.Number != trial.Number && t.Intermediate.Count >= epoch)
            .Select(t => t.Intermediate[epoch - 1])
            .Append(value)
            .OrderByDescending(v => v)
            .ToList();
        // Top ⌈n/η⌉ go on; the first trial to reach a rung always does.
        int promoted = Math.Max(1, (int)Math.Ceiling(atRung.Count / (double)ReductionFactor));
        return value < atRung[promoted - 1];
    }

    private bool IsRung(int epoch)
    {
        if (epoch < MinEpochs)
        {
            return false;
        }
        long rung = MinEpochs;
        while (rung < epoch)
        {
            rung *= ReductionFactor;
        }
        return rung == epoch;
    }
}
