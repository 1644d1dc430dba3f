using System.Diagnostics;

namespace AutoDL.Tasks.ImageClassification;

/// <summary>
/// The fit's wall clock: the hard limit, the earlier moment training must stop so that evaluation and
/// packaging still finish inside the limit, and the token that fires at that moment.
/// </summary>
internal sealed class FitClock : IDisposable
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly CancellationTokenSource _trainingEnd;

    public FitClock(TimeSpan limit, CancellationToken userCancellation)
    {
        Limit = limit;
        // Evaluation of the best model and the last package write take seconds; 3% of the budget (at least 3 s)
        // is kept back for them so the whole fit ends inside the limit.
        Reserve = TimeSpan.FromSeconds(Math.Clamp(limit.TotalSeconds * 0.03, 3, 120));
        _trainingEnd = CancellationTokenSource.CreateLinkedTokenSource(userCancellation);
        var training = limit - Reserve;
        _trainingEnd.CancelAfter(training > TimeSpan.Zero ? training : TimeSpan.Zero);
    }

    public TimeSpan Limit { get; }

    public TimeSpan Reserve { get; }

    public TimeSpan Elapsed => _watch.Elapsed;

    public TimeSpan Remaining => Limit - _watch.Elapsed is var r && r > TimeSpan.Zero ? r : TimeSpan.Zero;

    public TimeSpan TrainingTimeLeft => Remaining - Reserve is var r && r > TimeSpan.Zero ? r : TimeSpan.Zero;

    /// <summary>Fires when training must stop.</summary>
    public CancellationToken TrainingToken => _trainingEnd.Token;

    /// <summary>Ends training now (nothing more fits).</summary>
    public void EndTraining() => _trainingEnd.Cancel();

    public FitProgress Progress(FitStage stage, string message) => new(stage, message, Elapsed, Remaining);

    public void Dispose() => _trainingEnd.Dispose();
}
