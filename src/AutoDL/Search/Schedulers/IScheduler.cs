namespace AutoDL.Search.Schedulers;

/// <summary>
/// Decides, from intermediate validation values, whether a running trial should stop early (Optuna's pruner).
/// A step is a count of resource units: <see cref="TrialRecord.Intermediate"/>[s - 1] is a trial's value after
/// s units. The unit is an epoch today; schedulers assume nothing more than a count, so that a share of the
/// data or an image resolution can become the resource later.
/// </summary>
public interface IScheduler
{
    /// <summary>
    /// Whether the trial should stop after <paramref name="step"/> units of resource given its intermediate
    /// values so far and the other trials of the study. Values are scores, higher better, whatever the metric's
    /// direction: <see cref="Study"/> turns minimised values into scores before it asks
    /// (<see cref="MetricDirectionExtensions.AsScores"/>).
    /// </summary>
    /// <param name="trial">The running trial, with its intermediate values up to at least <paramref name="step"/>.</param>
    /// <param name="step">Resource used so far, counted from 1.</param>
    /// <param name="history">The trials of the study; may include <paramref name="trial"/> itself.</param>
    bool ShouldPrune(TrialRecord trial, int step, IReadOnlyList<TrialRecord> history);
}
