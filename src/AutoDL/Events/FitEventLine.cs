namespace AutoDL.Events;

/// <summary>
/// One line of <c>events.jsonl</c> and one event of the study: a <see cref="FitProgress"/> with the wall-clock time, its
/// readable message, and the typed event under "event" (its kind under "event.type").
/// </summary>
internal sealed record FitEventLine(
    DateTimeOffset Time,
    FitStage Stage,
    string Message,
    double ElapsedSeconds,
    double RemainingSeconds,
    int? Trial,
    double? BestSoFar,
    FitEvent Event)
{
    public static FitEventLine Of(FitProgress progress, DateTimeOffset time) => new(
        time,
        progress.Stage,
        progress.Message,
        Math.Round(progress.Elapsed.TotalSeconds, 3),
        Math.Round(progress.Remaining.TotalSeconds, 3),
        progress.Trial,
        progress.BestSoFar,
        progress.Event);
}
