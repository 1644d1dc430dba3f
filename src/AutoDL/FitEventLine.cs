namespace AutoDL;

/// <summary>One line of <c>events.jsonl</c>: a <see cref="FitProgress"/> with the wall-clock time, in seconds and plain fields.</summary>
internal sealed record FitEventLine(
    DateTimeOffset Time,
    FitStage Stage,
    string Message,
    double ElapsedSeconds,
    double RemainingSeconds,
    int? Trial,
    int? Epoch,
    int? PlannedEpochs,
    double? BestSoFar)
{
    public static FitEventLine Of(FitProgress progress, DateTimeOffset time) => new(
        time,
        progress.Stage,
        progress.Message,
        Math.Round(progress.Elapsed.TotalSeconds, 3),
        Math.Round(progress.Remaining.TotalSeconds, 3),
        progress.Trial,
        progress.Epoch?.Current,
        progress.Epoch?.Planned,
        progress.BestSoFar);
}
