using AutoDL.Events;

namespace AutoDL.Pipeline;

/// <summary>
/// Keeps a trial that was planned to fill a stretch of time (the first look, a default) to that time rather than to its
/// planned epochs. Its epochs were counted from a cost measured in a few steps before it started, and that measure is
/// off by up to a third on some machines (three 10-minute Fashion-MNIST fits on one VM: one main default ended 117 s
/// early, two were cut by the time limit one and three epochs before their schedule ended). After each epoch the epochs
/// that fit the time still planned are counted again at the cost met so far (<see cref="Training.TrainingRequest.Replan"/>).
/// </summary>
internal sealed class TimeFilling
{
    /// <summary>
    /// How much cheaper than planned the epochs must be for more of them to be planned: the trial's later epochs rarely
    /// cost exactly its earlier ones, and every change of length moves the learning rate a little.
    /// </summary>
    private const double Tolerance = 1.03;

    private readonly int _trial;
    private readonly double _plannedEpochSeconds;
    private readonly double _seconds;
    private readonly FitClock _clock;
    private readonly TimeSpan _start;
    private readonly Action<FitEvent> _report;
    private TimeSpan? _firstEpochEnd;

    /// <summary>
    /// Trial <paramref name="trial"/>, starting now, of <paramref name="epochs"/> epochs planned at
    /// <paramref name="plannedEpochSeconds"/> each to fill <paramref name="seconds"/> (at most the training time left;
    /// infinity for all of it).
    /// </summary>
    public TimeFilling(int trial, int epochs, double plannedEpochSeconds, double seconds, FitClock clock, Action<FitEvent> report)
    {
        _trial = trial;
        Epochs = epochs;
        _plannedEpochSeconds = plannedEpochSeconds;
        _seconds = seconds;
        _clock = clock;
        _start = clock.Elapsed;
        _report = report;
    }

    /// <summary>Epochs the trial now trains in all.</summary>
    public int Epochs { get; private set; }

    /// <summary>
    /// The epochs that fit the trial's time (and the training time left) at the mean cost of its epochs after the first;
    /// the first also pays one-off costs (a 2-minute sample fit's quick default took 1.0 s for it and 0.6 s for the rest),
    /// so the plan is first revised after the second. Lengthened only during the first half of the schedule, while its rate
    /// is still high, so a late change never raises an annealed rate again, and only when they fit with a few percent to
    /// spare (<see cref="Tolerance"/>), so that noise in the epochs' cost does not move the plan back and forth; shortened
    /// whenever the epochs planned no longer fit, since the time limit would cut the last of them before its rate annealed.
    /// </summary>
    public int Replan(int done, int planned)
    {
        var now = _clock.Elapsed;
        if (_firstEpochEnd is not { } firstEpochEnd)
        {
            _firstEpochEnd = now;
            return planned;
        }
        double perEpoch = (now - firstEpochEnd).TotalSeconds / Math.Max(1, done - 1);
        double left = Math.Max(0, Math.Min(_seconds - (now - _start).TotalSeconds, _clock.TrainingTimeLeft.TotalSeconds));
        int epochs = (planned - done) * perEpoch > left ? Math.Max(done + 1, done + (int)Math.Floor(left / perEpoch))
            : done <= planned / 2 ? Math.Max(planned, done + (int)Math.Floor(left / (Tolerance * perEpoch)))
            : planned;
        if (epochs != planned)
        {
            _report(new EpochsReplanned(_trial, done, epochs, planned, perEpoch, _plannedEpochSeconds));
        }
        Epochs = epochs;
        return epochs;
    }
}
