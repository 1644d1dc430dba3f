namespace AutoDL.Search.Schedulers;

/// <summary>Decides, from intermediate validation values, whether a running trial should stop early (Optuna's pruner).</summary>
public interface IScheduler
{
    /// <summary>
    /// Whether the trial should stop after <paramref name="epoch"/> (1-based) given its intermediate values
    /// so far and the other trials of the study. Higher values are better.
    /// </summary>
    bool ShouldPrune(TrialRecord trial, int epoch, IReadOnlyList<TrialRecord> history);
}
