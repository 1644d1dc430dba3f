using AutoDL.Events;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// The first trial of a new study: the cheapest default network at the task's default batch size and learning rate,
/// trained for one pass over as many training examples as fit in a few seconds, before calibration measures anything.
/// A model is then on disk seconds after the data is read: a user who stops the fit early has one, and the any-time
/// curve (ALC weighs the first seconds most) starts there instead of after calibration and a whole first epoch.
/// </summary>
internal static class FirstLook
{
    /// <summary>
    /// Training seconds the first look may take. On Fashion-MNIST on two cores the default's first full epoch takes
    /// ~26 s; a one-cycle pass over the examples that fit in 8 s puts a model on disk within the 15 s after import that
    /// issue 24 asks for (measured in bench/results/fit-curve-fashion-mnist-10m-first-look.md).
    /// </summary>
    public const double Seconds = 8;

    /// <summary>The most of the time limit it may take, so that a short fit keeps its time for the defaults.</summary>
    public const double LimitShare = 0.05;

    /// <summary>
    /// Fewer training seconds than this (limits under 40 s) are not worth a trial: measuring its cost takes about as
    /// long, and the default's first epoch comes soon anyway.
    /// </summary>
    private const double FewestSeconds = 2;

    /// <summary>
    /// The first look's configuration and the seconds it trains in, or null when it is not worth running (a limit too
    /// short) or cannot run: the cheapest network is not allowed (its rejection is reported by calibration), cannot be
    /// measured (the defaults meet and record the error), or not even two batches fit. It trains at the task's default
    /// batch size, or at its smallest where the default would leave an epoch fewer steps than calibration allows.
    /// </summary>
    public static (IReadOnlyDictionary<string, double> Parameters, double Seconds)? Plan(TrialRunner runner, ITaskSearch search, FitClock clock, Func<IReadOnlyDictionary<string, double>, string?> rejects, Action<FitEvent> report)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(search);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(report);
        double seconds = Math.Min(Seconds, LimitShare * clock.Limit.TotalSeconds);
        if (seconds < FewestSeconds)
        {
            return null;
        }
        var (train, validation) = runner.SplitCounts;
        int batchSize = search.DefaultBatchSize * RecipeCalibration.MinStepsPerEpoch <= train ? search.DefaultBatchSize : search.BatchSizeChoices.Min();
        var cheapest = search.WithEpochs(search.DefaultLadder(batchSize)[0], 1);
        if (rejects(cheapest) is not null)
        {
            return null;
        }
        EpochPlan? plan;
        TrainingCost cost;
        try
        {
            cost = runner.MeasureCost(cheapest);
            plan = runner.PlanWithin(cheapest, seconds);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return null;
        }
        if (plan is null)
        {
            return null;
        }
        double epochSeconds = cost.EpochSeconds(plan.ExamplesPerEpoch ?? train, validation);
        report(new TrainingPlanned("first look", plan.Epochs, plan.ExamplesPerEpoch, epochSeconds, clock.TrainingTimeLeft.TotalSeconds,
            "the cheapest default network for one short pass, so that a model is on disk within seconds; calibration and the defaults follow"));
        return (cheapest, seconds);
    }
}
