using AutoDL.Search;

namespace AutoDL.Pipeline;

/// <summary>
/// A <see cref="TrialRunner"/> for the trials the budget policy planned, the first look and the defaults: each trains its
/// whole schedule and is never stopped early, because its epochs were chosen for the time it has. Stopped while its
/// learning rate still anneals, it would keep a mid-schedule model and free time too short for a search trial (a
/// 10-minute fit of the held-out textures stopped its 24-epoch default at epoch 18 and finished with 111 s unused). With
/// <paramref name="seconds"/>, its epochs fit into those seconds rather than all the time left (the first look). Each
/// trains as many epochs as fit the time its plan gave it, at the cost its epochs turn out to have (<see cref="TimeFilling"/>):
/// the time its planned epochs were expected to take, or, where <paramref name="fillsTimeLeft"/> says so for the trial
/// about to run, all the training time left. <paramref name="afterEpoch"/> runs after each epoch, before the epoch is
/// reported to the study (the defaults size the finish's reserve again from the validation pass the epoch timed).
/// </summary>
internal sealed class PlannedTrialRunner(TrialRunner runner, double? seconds = null, Func<bool>? fillsTimeLeft = null, Action? afterEpoch = null) : ITrialRunner
{
    public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken) =>
        runner.Run(trial, afterEpoch is null ? reportEpoch : score => { afterEpoch(); return reportEpoch(score); }, seconds, wholeSchedule: true, cancellationToken, fillsTimeLeft?.Invoke() == true);
}
