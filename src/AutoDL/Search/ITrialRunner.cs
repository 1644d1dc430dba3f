namespace AutoDL.Search;

/// <summary>Trains the model a trial describes (the seam between the search and the task that knows how to train).</summary>
public interface ITrialRunner
{
    /// <summary>
    /// Runs <paramref name="trial"/>, calling <paramref name="reportEpoch"/> with the validation value after
    /// each epoch; when it returns false the trial must stop (pruned). Cancellation means the time is up:
    /// return what was reached.
    /// </summary>
    TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken);
}
