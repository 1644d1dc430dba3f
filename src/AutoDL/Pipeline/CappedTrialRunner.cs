using AutoDL.Search;

namespace AutoDL.Pipeline;

/// <summary>
/// A <see cref="TrialRunner"/> whose trials fit their epochs into a few seconds rather than all the time left: the
/// study's first look (<see cref="FirstLook"/>), a short pass that puts a model on disk before anything else is measured.
/// </summary>
internal sealed class CappedTrialRunner(TrialRunner runner, double seconds) : ITrialRunner
{
    public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken) =>
        runner.Run(trial, reportEpoch, seconds, cancellationToken);
}
