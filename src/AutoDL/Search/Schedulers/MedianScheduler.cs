namespace AutoDL.Search.Schedulers;

/// <summary>
/// The median stopping rule (Golovin et al., 2017, "Google Vizier"), as Optuna's MedianPruner: at a step, a
/// trial stops if its best value so far is below the median of the completed trials' values at that step.
/// Cheap and without parameters to tune, but it keeps half the trials at every step, so it saves less than
/// successive halving; it suits studies where curves cross late.
/// </summary>
/// <remarks>
/// Only completed trials count, as in Optuna: a pruned trial was stopped for being weak, and a running one may
/// still improve, so either would drag the median down. The trial's best so far, not its latest value, is
/// compared, so one noisy step does not stop a good trial.
/// </remarks>
/// <param name="StartupTrials">
/// Completed trials before any pruning. 5, Optuna's default: a median of fewer is too noisy to stop anyone on.
/// </param>
/// <param name="WarmupSteps">
/// Steps a trial runs before it can be pruned: it may be pruned from step WarmupSteps + 1. 0, Optuna's
/// default; raise it when early values say little (a learning-rate warm-up, say).
/// </param>
/// <param name="IntervalSteps">
/// Steps between checks after the warm-up. 1, Optuna's default: every step is checked.
/// </param>
public sealed record MedianScheduler(int StartupTrials = 5, int WarmupSteps = 0, int IntervalSteps = 1) : IScheduler
{
    /// <summary>Completed trials before any pruning.</summary>
    public int StartupTrials { get; } = StartupTrials >= 0
        ? StartupTrials
        : throw new ArgumentOutOfRangeException(nameof(StartupTrials), StartupTrials, "The start-up count cannot be negative.");

    /// <summary>Steps a trial runs before it can be pruned.</summary>
    public int WarmupSteps { get; } = WarmupSteps >= 0
        ? WarmupSteps
        : throw new ArgumentOutOfRangeException(nameof(WarmupSteps), WarmupSteps, "The warm-up cannot be negative.");

    /// <summary>Steps between checks after the warm-up.</summary>
    public int IntervalSteps { get; } = IntervalSteps >= 1
        ? IntervalSteps
        : throw new ArgumentOutOfRangeException(nameof(IntervalSteps), IntervalSteps, "The interval is at least one step.");

    /// <inheritdoc />
    public bool ShouldPrune(TrialRecord trial, int step, IReadOnlyList<TrialRecord> history)
    {
        ArgumentNullException.ThrowIfNull(trial);
        ArgumentNullException.ThrowIfNull(history);
        if (step <= WarmupSteps || (step - WarmupSteps - 1) % IntervalSteps != 0 || trial.Intermediate.Count < step)
        {
            return false;
        }
        var completed = history.Where(t => t.State == TrialState.Complete && t.Number != trial.Number).ToList();
        if (completed.Count == 0 || completed.Count < StartupTrials)
        {
            return false;
        }
        var atStep = completed.Where(t => t.Intermediate.Count >= step).Select(t => t.Intermediate[step - 1]).Where(v => !double.IsNaN(v)).ToList();
        if (atStep.Count == 0)
        {
            return false;
        }
        var seen = trial.Intermediate.Take(step).Where(v => !double.IsNaN(v)).ToList();
        // A trial with nothing but NaN so far has diverged: stop it, as Optuna does.
        return seen.Count == 0 || seen.Max() < Median(atStep);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
