using System.Globalization;
using AutoDL.Events;
using AutoDL.Models;
using AutoDL.Runtime;
using AutoDL.Search;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// Trains the network a trial describes on a task's prepared splits, through the task's <see cref="ITrainingTask"/>.
/// Before training it times a few steps and cuts the planned epochs to what the time left allows, so every trial
/// finishes its learning-rate schedule instead of being cut off at its peak.
/// </summary>
internal sealed class TrialRunner : ITaskTrialRunner
{
    private readonly ITrainingTask _task;
    private readonly ITaskSearch _search;
    private readonly IConfigurationCosts _configurationCosts;
    private readonly string _metricName;
    private readonly BestModelKeeper _keeper;
    private readonly FitClock _clock;
    private readonly FitContext _context;
    private readonly int _seed;
    private readonly Trainer _trainer = new();
    private readonly Dictionary<(ModelConfig, int), TrainingCost> _costs = [];

    /// <summary>The cheapest seconds per multiply-add measured so far (train, eval): an optimistic guess of a new network's cost.</summary>
    private (double Train, double Eval)? _fastestPerMultiplyAdd;

    /// <summary>
    /// Training steps a cost measurement takes (warm-up and timed steps, with an evaluation warm-up): measuring a
    /// large network near the end of the budget would itself overrun the time limit.
    /// </summary>
    private const int MeasurementSteps = 8;

    /// <summary>The most of the time left an unmeasured network's guessed measurement may take.</summary>
    private const double MeasuringShareOfTimeLeft = 0.25;

    /// <summary>
    /// How much slower per multiply-add than the cheapest network measured so far an unmeasured one may be: MobileNetV2
    /// trains 5–8× slower per multiply-add than ResNet on a CPU (bench/results/model-throughput.md). Without this, the
    /// measurements of a few such proposals near the end of a 2-minute sample fit ran it 12 s past its limit.
    /// </summary>
    private const double UnmeasuredSlowdown = 8;

    /// <summary>Trains <paramref name="prepared"/>'s configurations, offering every improved epoch's weights to <paramref name="keeper"/>.</summary>
    public TrialRunner(IPreparedTask prepared, BestModelKeeper keeper, FitContext context)
    {
        _task = prepared.Training;
        _search = prepared.Search;
        _configurationCosts = prepared.Costs;
        _metricName = prepared.Objective.MetricName;
        _keeper = keeper;
        _context = context;
        _clock = context.Clock;
        _seed = context.Options.Seed;
    }

    /// <summary>The training and validation examples each trial trains and validates on.</summary>
    public (int Train, int Validation) SplitCounts => (_task.TrainCount, _task.ValidationCount);

    /// <summary>What the network and batch size of <paramref name="parameters"/> cost on this machine (measured once per configuration).</summary>
    public TrainingCost MeasureCost(IReadOnlyDictionary<string, double> parameters)
    {
        var key = (_search.Model(parameters), _search.Recipe(parameters).BatchSize);
        return _costs.TryGetValue(key, out var cost) ? cost : Remember(parameters, _trainer.MeasureCost(Request(parameters, 0)));
    }

    /// <summary>
    /// Measures what <paramref name="parameters"/> cost once more; the cost <see cref="MeasureCost"/> plans with becomes the
    /// fastest measured so far. Load on the machine only ever slows a measurement, and the first one in a process also
    /// pays libtorch's start-up: a cold measurement planned the default at 36.5 s an epoch where calibration's rounds
    /// measured 27 s and epochs took 28 s, and a single later one at 30 s where they took 26.8 s.
    /// </summary>
    public TrainingCost MeasureCostAgain(IReadOnlyDictionary<string, double> parameters)
    {
        var cost = _trainer.MeasureCost(Request(parameters, 0));
        Remember(parameters, cost);
        return cost;
    }

    /// <summary>
    /// Keeps <paramref name="measured"/> as what <paramref name="parameters"/> cost, or the faster parts of it and what was
    /// kept before, and lowers the cheapest cost per multiply-add seen; returns what is kept.
    /// </summary>
    private TrainingCost Remember(IReadOnlyDictionary<string, double> parameters, TrainingCost measured)
    {
        var key = (_search.Model(parameters), _search.Recipe(parameters).BatchSize);
        var cost = _costs[key] = _costs.TryGetValue(key, out var known)
            ? new TrainingCost(Math.Min(known.TrainSecondsPerImage, measured.TrainSecondsPerImage), Math.Min(known.EvalSecondsPerImage, measured.EvalSecondsPerImage))
            : measured;
        double macs = MultiplyAdds(parameters);
        var perMac = (cost.TrainSecondsPerImage / macs, cost.EvalSecondsPerImage / macs);
        _fastestPerMultiplyAdd = _fastestPerMultiplyAdd is { } fastest ? (Math.Min(fastest.Train, perMac.Item1), Math.Min(fastest.Eval, perMac.Item2)) : perMac;
        return cost;
    }

    /// <summary>
    /// Lowers the evaluation cost kept for <paramref name="parameters"/> to what one of its validation passes took, where
    /// that is faster. A pass times the whole split at the batch size evaluation runs in, where the cost measurement
    /// timed one batch: a 30-minute Fashion-MNIST fit kept 145 s back for its finish from that measurement and used 19.
    /// </summary>
    private void RememberValidation(IReadOnlyDictionary<string, double> parameters, double validationSeconds)
    {
        var key = (_search.Model(parameters), _search.Recipe(parameters).BatchSize);
        if (_task.ValidationCount > 0 && validationSeconds > 0 && _costs.TryGetValue(key, out var known))
        {
            _costs[key] = known with { EvalSecondsPerImage = Math.Min(known.EvalSecondsPerImage, validationSeconds / _task.ValidationCount) };
        }
    }

    /// <summary>A learning-rate range test (<see cref="LearningRateFinder"/>) of <paramref name="parameters"/>' network and recipe, <paramref name="steps"/> batches long.</summary>
    public LearningRateSweep SweepLearningRate(IReadOnlyDictionary<string, double> parameters, int steps, CancellationToken cancellationToken) =>
        LearningRateFinder.Run(Request(parameters, 0), steps: steps, cancellationToken: cancellationToken);

    /// <summary>Whether even an optimistic guess of an unmeasured configuration's cost, measurement included, leaves no time to train it.</summary>
    private bool SurelyTooSlow(IReadOnlyDictionary<string, double> parameters, double secondsLeft)
    {
        var model = _search.Model(parameters);
        int batch = _search.Recipe(parameters).BatchSize;
        if (_costs.ContainsKey((model, batch)) || _fastestPerMultiplyAdd is not { } fastest)
        {
            return false;
        }
        double macs = MultiplyAdds(parameters);
        var guess = new TrainingCost(macs * fastest.Train, macs * fastest.Eval);
        double measuring = MeasurementSteps * batch * guess.TrainSecondsPerImage;
        // The guess is optimistic (some families cost several times more per multiply-add), so even at the worst
        // slowdown measuring may take only a share of what is left.
        if (measuring * UnmeasuredSlowdown > MeasuringShareOfTimeLeft * secondsLeft)
        {
            return true;
        }
        return EpochPlan.Fit((int)parameters["epochs"], guess, secondsLeft - measuring, _task.TrainCount, _task.ValidationCount, batch) is null;
    }

    private double MultiplyAdds(IReadOnlyDictionary<string, double> parameters) => Math.Max(1, _configurationCosts.MultiplyAdds(parameters));

    /// <summary>
    /// Whether at least the shortest useful trial of <paramref name="parameters"/> fits in the time left. An
    /// unmeasured network is first guessed from the cheapest cost per multiply-add seen so far, so one that
    /// clearly cannot fit is not even measured. A configuration whose cost cannot be measured may start: its
    /// trial then fails with the reason, which the study records.
    /// </summary>
    public bool CanStart(IReadOnlyDictionary<string, double> parameters)
    {
        if (SurelyTooSlow(parameters, _clock.TrainingTimeLeft.TotalSeconds))
        {
            return false;
        }
        try
        {
            MeasureCost(parameters);
        }
#pragma warning disable CA1031 // The trial itself will hit and record the same error; here it only means "cannot tell".
        catch (Exception)
#pragma warning restore CA1031
        {
            return true;
        }
        return PlanWithin(parameters, null) is not null;
    }

    public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, CancellationToken cancellationToken) =>
        Run(trial, reportEpoch, null, wholeSchedule: false, cancellationToken);

    /// <summary>
    /// The plan <paramref name="parameters"/> train to in at most <paramref name="seconds"/> of the training time left
    /// (all of it when null), or null when not even the shortest plan fits.
    /// </summary>
    public EpochPlan? PlanWithin(IReadOnlyDictionary<string, double> parameters, double? seconds)
    {
        var cost = MeasureCost(parameters);
        double left = Math.Min(_clock.TrainingTimeLeft.TotalSeconds, seconds ?? double.PositiveInfinity);
        return EpochPlan.Fit((int)parameters["epochs"], cost, left, _task.TrainCount, _task.ValidationCount, _search.Recipe(parameters).BatchSize);
    }

    /// <summary>
    /// Runs <paramref name="trial"/> as <see cref="Run(TrialRecord, Func{double, bool}, CancellationToken)"/> does, its
    /// epochs fitted into <paramref name="seconds"/> of the time left when given, and with <paramref name="wholeSchedule"/>
    /// never stopped early (<see cref="PlannedTrialRunner"/>). Such a trial trains the epochs that fit the time it was
    /// planned to take at the cost it meets: all the training time left with <paramref name="fillsTimeLeft"/>, else the
    /// time its planned epochs were expected to take.
    /// </summary>
    public TrialOutcome Run(TrialRecord trial, Func<double, bool> reportEpoch, double? seconds, bool wholeSchedule, CancellationToken cancellationToken, bool fillsTimeLeft = false)
    {
        ArgumentNullException.ThrowIfNull(trial);
        var parameters = trial.Params;
        int planned = (int)parameters["epochs"];
        var plan = PlanWithin(parameters, seconds);
        if (plan is null)
        {
            var cost = MeasureCost(parameters);
            double left = _clock.TrainingTimeLeft.TotalSeconds;
            if (seconds is null)
            {
                _clock.EndTraining();
            }
            return new TrialOutcome(TrialState.Fail, null, 0, 0, string.Create(CultureInfo.InvariantCulture, $"not started: an epoch needs ~{cost.EpochSeconds(_task.TrainCount, _task.ValidationCount):0}s and {Math.Min(left, seconds ?? left):0}s are left"));
        }
        string? note = null;
        if (plan.Epochs != planned || plan.ExamplesPerEpoch is not null)
        {
            string why = seconds is null ? "to fit the time left" : string.Create(CultureInfo.InvariantCulture, $"to fit its {seconds:0}s");
            note = plan.ExamplesPerEpoch is { } examples
                ? string.Create(CultureInfo.InvariantCulture, $"{plan.Epochs} epochs of {examples} examples instead of {planned} full epochs, {why}")
                : string.Create(CultureInfo.InvariantCulture, $"epochs cut from {planned} to {plan.Epochs} {why}");
            parameters = _search.WithEpochs(parameters, plan.Epochs);
        }
        int epochs = plan.Epochs;
        var model = _search.Model(parameters);
        var training = wholeSchedule ? _search.Recipe(parameters) with { EarlyStoppingPatience = 0 } : _search.Recipe(parameters);
        // A planned trial was given time rather than epochs: it trains as many as fit that time at the cost it meets.
        double epochSeconds = PlannedEpochSeconds(parameters, plan);
        var filling = wholeSchedule
            ? new TimeFilling(trial.Number, epochs, epochSeconds, fillsTimeLeft ? double.PositiveInfinity : epochs * epochSeconds, _clock, e => _context.Report(e, _keeper.Best?.ValidationScore))
            : null;
        var request = Request(parameters, trial.Number) with
        {
            Training = training,
            ExamplesPerEpoch = plan.ExamplesPerEpoch,
            Replan = filling is null ? null : filling.Replan,
            OnEpoch = outcome =>
            {
                epochs = filling?.Epochs ?? epochs;
                if (outcome.BestWeights is not null)
                {
                    _keeper.Offer(trial.Number, outcome.Report.ValidationScore, model, training with { Epochs = epochs }, outcome.BestWeights);
                }
                var report = outcome.Report;
                RememberValidation(parameters, report.ValidationSeconds);
                _context.Report(new EpochEnded(trial.Number, report.Epoch, epochs, _metricName, report.ValidationScore, report.TrainLoss, report.Seconds), _keeper.Best?.ValidationScore);
                return reportEpoch(outcome.Report.ValidationScore);
            },
            OnBatch = (done, total) => _context.Report(new BatchProgressed(trial.Number, done, total), _keeper.Best?.ValidationScore),
        };
        try
        {
            return Outcome(_trainer.Train(request, cancellationToken), note);
        }
        finally
        {
            // The trial's network, optimiser state and activations are freed; what glibc keeps of them would stay resident for the rest of the fit.
            NativeAllocator.ReturnFreeMemory();
        }
    }

    /// <summary>What an epoch of <paramref name="parameters"/> was expected to cost when <paramref name="plan"/> was made.</summary>
    private double PlannedEpochSeconds(IReadOnlyDictionary<string, double> parameters, EpochPlan plan) =>
        MeasureCost(parameters).EpochSeconds(plan.ExamplesPerEpoch ?? _task.TrainCount, _task.ValidationCount);

    /// <summary>The study's view of a training run: a diverged run (NaN or infinite loss) and one cut off before any epoch are failures.</summary>
    internal static TrialOutcome Outcome(TrainingResult result, string? note)
    {
        var state = result.StopReason switch
        {
            StopReason.Pruned => TrialState.Pruned,
            StopReason.Diverged => TrialState.Fail,
            StopReason.Cancelled when result.BestEpoch == 0 => TrialState.Fail,
            _ => TrialState.Complete,
        };
        string reason = result.StopReason switch
        {
            StopReason.Completed => "completed",
            StopReason.EarlyStopped => "early stopped",
            StopReason.Pruned => "pruned by the scheduler",
            StopReason.Diverged => "diverged (loss became NaN or infinite)",
            _ => "stopped by the time limit",
        };
        return new TrialOutcome(state, result.BestEpoch == 0 ? null : result.BestValidationScore, result.BestEpoch, result.ParameterCount, note is null ? reason : $"{reason}; {note}");
    }

    private TrainingRequest Request(IReadOnlyDictionary<string, double> parameters, int trialNumber) =>
        new(_search.Model(parameters), _search.Recipe(parameters), _task, _seed + trialNumber);
}
