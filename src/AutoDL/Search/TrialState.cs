namespace AutoDL.Search;

/// <summary>Where a trial stands (Optuna's states).</summary>
public enum TrialState
{
    /// <summary>Being trained now.</summary>
    Running,

    /// <summary>Trained to its end (all epochs, early stopping, or the time limit after at least one epoch).</summary>
    Complete,

    /// <summary>Stopped by the scheduler as not promising.</summary>
    Pruned,

    /// <summary>Diverged, ran out of memory or threw; the reason is kept.</summary>
    Fail,
}
