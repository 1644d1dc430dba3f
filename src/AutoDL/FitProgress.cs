using AutoDL.Events;

namespace AutoDL;

/// <summary>A progress event of a fit: what happened (<see cref="Event"/>), when, and the best validation value so far.</summary>
/// <param name="Event">The decision or measurement.</param>
/// <param name="Elapsed">Time since the fit started.</param>
/// <param name="Remaining">Time left before the limit.</param>
public sealed record FitProgress(FitEvent Event, TimeSpan Elapsed, TimeSpan Remaining)
{
    /// <summary>What is happening.</summary>
    public FitStage Stage => Event.Stage;

    /// <summary>One line a person can read.</summary>
    public string Message => Event.Describe();

    /// <summary>The trial the event is about, if any.</summary>
    public int? Trial => (Event as ITrialEvent)?.Trial;

    /// <summary>The epoch (1-based) and the epochs planned for the trial, when an epoch ended.</summary>
    public (int Current, int Planned)? Epoch => Event is EpochEnded e ? (e.Epoch, e.Planned) : null;

    /// <summary>Batches done and batches per epoch, or files done and total while importing.</summary>
    public (int Done, int Total)? Steps => Event switch
    {
        BatchProgressed b => (b.Done, b.Total),
        ImportProgressed i => (i.Done, i.Total),
        _ => null,
    };

    /// <summary>The best validation metric so far.</summary>
    public double? BestSoFar { get; init; }
}
