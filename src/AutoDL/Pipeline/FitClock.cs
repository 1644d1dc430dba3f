using System.Diagnostics;
using AutoDL.Events;

namespace AutoDL.Pipeline;

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
        _trainingEnd = CancellationTokenSource.CreateLinkedTokenSource(userCancellation);
        ReserveForFinish(TimeSpan.Zero);
    }

    public TimeSpan Limit { get; }

    /// <summary>Time kept back at the end for evaluating the best model and writing the package.</summary>
    public TimeSpan Reserve { get; private set; }

    /// <summary>
    /// Keeps <paramref name="evaluation"/> back at the end, plus 3% of the limit (at least 3 s) for the package
    /// write and scheduling noise, and moves the moment training stops accordingly.
    /// </summary>
    public void ReserveForFinish(TimeSpan evaluation)
    {
        Reserve = evaluation + TimeSpan.FromSeconds(Math.Clamp(Limit.TotalSeconds * 0.03, 3, 120));
        var training = Limit - Reserve - _watch.Elapsed;
        _trainingEnd.CancelAfter(training > TimeSpan.Zero ? training : TimeSpan.Zero);
    }

    public TimeSpan Elapsed => _watch.Elapsed;

    public TimeSpan Remaining => Limit - _watch.Elapsed is var r && r > TimeSpan.Zero ? r : TimeSpan.Zero;

    public TimeSpan TrainingTimeLeft => Remaining - Reserve is var r && r > TimeSpan.Zero ? r : TimeSpan.Zero;

    /// <summary>Fires when training must stop.</summary>
    public CancellationToken TrainingToken => _trainingEnd.Token;

    /// <summary>Ends training now (nothing more fits).</summary>
    public void EndTraining() => _trainingEnd.Cancel();

    public FitProgress Progress(FitEvent fitEvent) => new(fitEvent, Elapsed, Remaining);

    public void Dispose() => _trainingEnd.Dispose();
}
