using AutoDL.Training;

namespace AutoDL.Pipeline;

/// <summary>
/// The configurations a new study trains before it searches, chosen from the task's default ladder by what the
/// time left allows, and the finish time each choice must keep back.
/// </summary>
internal sealed class DefaultTrials(ITaskTrialRunner runner, ITaskSearch search, FitClock clock, SplitSizes sizes, bool mirrorKeepsTargets)
{
    /// <summary>
    /// Share of the training time the default configuration gets. A strong default trained to the end of its
    /// schedule is what makes the result good on a short CPU budget; the search spends the rest trying to beat it.
    /// </summary>
    private const double DefaultTrialShare = 0.6;

    /// <summary>
    /// The most of the training time the default configuration may take when even the cheapest one cannot train
    /// <see cref="TargetEpochs"/> epochs in <see cref="DefaultTrialShare"/>. No trial of the search could then
    /// be trained as far as the default in the time left, so the time is better spent finishing the default's
    /// schedule: on Fashion-MNIST in 10 minutes, the default got 7 epochs and the search's four trials after it
    /// reached at best 0.87 validation accuracy against its 0.92 (bench/results/fit-curve-fashion-mnist.md, 2026-11-26 03:16).
    /// </summary>
    private const double TightBudgetDefaultShare = 0.9;

    /// <summary>
    /// The most of the training time left after the quick default that the second default may take: nearly all, since
    /// search trials trained in what is left after a default did not come near it (see <see cref="Plan"/>), with a
    /// margin for the noise of the cost estimate.
    /// </summary>
    private const double SecondDefaultShare = 0.9;

    /// <summary>Epochs a default network should get before a wider one is preferred (<see cref="ITaskSearch.TargetEpochs"/>).</summary>
    private int TargetEpochs => search.TargetEpochs;

    /// <summary>
    /// The configurations trained before the search. When the time left trains the narrowest rung of the default
    /// ladder <see cref="TargetEpochs"/> epochs and then leaves as long again for a second network, two
    /// defaults: that quick one first, so that a good model exists within minutes (the any-time curve, which ALC
    /// scores, weighs the first minutes most), then the widest rung that trains <see cref="TargetEpochs"/>
    /// epochs in nearly all the time left, seeded apart (trials are seeded by number), for the final model to average
    /// with the first. Otherwise one default (<see cref="OnlyDefault"/>), then the search. Measured on Fashion-MNIST
    /// in 30 minutes with one default (bench/results/fit-curve-fashion-mnist-30m-one-default.md): ResNet width 24 for
    /// 16 epochs reached 0.9384 test accuracy but only 0.8555 by 3 minutes, and no search trial after it came within
    /// two points of its validation accuracy.
    /// The second network is chosen when the first has ended, from the time then left.
    /// </summary>
    public IEnumerable<IReadOnlyDictionary<string, double>> Plan(IReadOnlyList<IReadOnlyDictionary<string, double>> ladder)
    {
        ArgumentNullException.ThrowIfNull(ladder);
        var quick = ladder[0];
        var quickCost = runner.MeasureCost(quick);
        ReserveFinishTime(quickCost, members: 1);
        double quickSeconds = TargetEpochs * EpochSeconds(quickCost);
        if ((clock.TrainingTimeLeft.TotalSeconds - quickSeconds) * SecondDefaultShare < quickSeconds)
        {
            var (only, cost) = OnlyDefault(ladder);
            yield return only;
            // The search's trials may now give a runner-up to average the default with: keep back the time to score the pair.
            ReserveFinishTime(cost, members: 2);
            yield break;
        }
        yield return search.WithEpochs(quick, TargetEpochs);
        var (second, secondCost, epochs) = WidestRung(ladder, SecondDefaultShare);
        ReserveFinishTime(secondCost, members: 2);
        if (epochs >= TargetEpochs)
        {
            yield return search.WithEpochs(second, epochs);
        }
    }

    /// <summary>
    /// The final model is chosen on validation and evaluated on the test split at the end; keep that time back
    /// (<see cref="FinalModelChoice.ExamplesToScore"/>), with a margin for noise.
    /// </summary>
    public void ReserveFinishTime(TrainingCost cost, int members)
    {
        ArgumentNullException.ThrowIfNull(cost);
        long examples = FinalModelChoice.ExamplesToScore(sizes, mirrorKeepsTargets, members);
        clock.ReserveForFinish(TimeSpan.FromSeconds(2 * examples * cost.EvalSecondsPerImage));
    }

    /// <summary>
    /// Picks the default configuration for this data and budget: the largest rung of the default ladder that
    /// still trains <see cref="TargetEpochs"/> full epochs in its share of the time, with as many epochs as
    /// fit. When none does, the smallest rung, with up to <see cref="TargetEpochs"/> epochs in the larger
    /// <see cref="TightBudgetDefaultShare"/>.
    /// </summary>
    private (IReadOnlyDictionary<string, double> Parameters, TrainingCost Cost) OnlyDefault(IReadOnlyList<IReadOnlyDictionary<string, double>> ladder)
    {
        var (chosen, chosenCost, chosenEpochs) = WidestRung(ladder, DefaultTrialShare);
        ReserveFinishTime(chosenCost, members: 1);
        if (chosenEpochs < TargetEpochs)
        {
            int tightEpochs = (int)Math.Floor(clock.TrainingTimeLeft.TotalSeconds * TightBudgetDefaultShare / EpochSeconds(chosenCost));
            chosenEpochs = Math.Min(TargetEpochs, tightEpochs);
        }
        // When fewer than the minimum full epochs fit, the trial runner shortens the epochs instead.
        return (search.WithEpochs(chosen, Math.Max(EpochPlan.MinimumEpochs, chosenEpochs)), chosenCost);
    }

    /// <summary>
    /// The largest rung of the default ladder that trains <see cref="TargetEpochs"/> full epochs in
    /// <paramref name="share"/> of the training time left, or the smallest rung when none does, with the epochs that fit.
    /// </summary>
    private (IReadOnlyDictionary<string, double> Rung, TrainingCost Cost, int Epochs) WidestRung(IReadOnlyList<IReadOnlyDictionary<string, double>> ladder, double share)
    {
        (IReadOnlyDictionary<string, double> Rung, TrainingCost Cost, int Epochs)? chosen = null;
        foreach (var candidate in ladder)
        {
            var cost = runner.MeasureCost(candidate);
            int epochs = (int)Math.Floor(clock.TrainingTimeLeft.TotalSeconds * share / EpochSeconds(cost));
            if (chosen is not null && epochs < TargetEpochs)
            {
                break;
            }
            chosen = (candidate, cost, epochs);
            if (epochs < TargetEpochs)
            {
                break;
            }
        }
        return chosen!.Value;
    }

    private double EpochSeconds(TrainingCost cost) => cost.EpochSeconds(sizes.Train, sizes.Validation);
}
