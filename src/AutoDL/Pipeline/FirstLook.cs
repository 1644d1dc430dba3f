using AutoDL.Events;
using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// The first trial of a new study: the task's cheapest useful network (<see cref="ITaskSearch.FirstLook"/>) at the
/// smallest batch size and the default recipe, trained for one pass over as many training examples as fit in a few
/// seconds, before calibration measures anything.
/// A model is then on disk seconds after the data is read: a user who stops the fit early has one, and the any-time
/// curve (ALC weighs the first seconds most) starts there instead of after calibration and a whole first epoch.
/// </summary>
internal static class FirstLook
{
    /// <summary>
    /// Training seconds the first look may take. The any-time curve rewards an earlier model more than a better one: on the
    /// ChaLearn time axis of a 10-minute fit the first 16 s weigh as much as the last 100. On Fashion-MNIST on two cores
    /// the first look's 10 s reached 0.81 test accuracy on disk at 15.8 s, and replaying that fit's curve with a model 6 s
    /// earlier even at 0.76 raised its ALC from 0.792 to 0.805 (bench/results/fit-curve-fashion-mnist-10m-issue24.md).
    /// </summary>
    public const double Seconds = 5;

    /// <summary>The most of the time limit it may take, so that a short fit keeps its time for the defaults.</summary>
    public const double LimitShare = 0.05;

    /// <summary>
    /// Fewer training seconds than this (limits under 40 s) are not worth a trial: measuring its cost takes about as
    /// long, and the default's first epoch comes soon anyway.
    /// </summary>
    private const double FewestSeconds = 2;

    /// <summary>
    /// The first look's configuration and the seconds it trains in, or null when it is not worth running (a limit too
    /// short) or cannot run: the user's limits (--max-parameters, --max-multiply-adds, memory) forbid its network, it
    /// cannot be measured (the defaults meet and record the error), or not even two batches fit.
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
        // A short pass learns more from more, smaller steps: one epoch of the classifier's first look reached 0.863 at
        // batch 64 and 0.857 at 128 in about the same time (bench/results/recipes-fashion-mnist-1ep.json).
        var cheapest = search.FirstLook(search.BatchSizeChoices.Min());
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
            "a small network for one short pass, so that a model is on disk within seconds; calibration and the defaults follow"));
        return (cheapest, seconds);
    }
}
