using AutoDL.Events;

namespace AutoDL.Pipeline;

/// <summary>What every step of a fit is given: the user's options, the clock, and where its progress goes.</summary>
/// <param name="Options">The fit's options.</param>
/// <param name="Clock">The fit's clock and hard time limit.</param>
/// <param name="Progress">Receives each progress event (the event log, then the caller's progress).</param>
/// <param name="Cancellation">The caller's cancellation, for work before training (training stops at <see cref="FitClock.TrainingToken"/>).</param>
internal sealed record FitContext(FitOptions Options, FitClock Clock, IProgress<FitProgress> Progress, CancellationToken Cancellation)
{
    /// <summary>Reports <paramref name="fitEvent"/>, stamped with the clock and, when given, the best validation value so far.</summary>
    public void Report(FitEvent fitEvent, double? bestSoFar = null) => Progress.Report(Clock.Progress(fitEvent) with { BestSoFar = bestSoFar });
}
