namespace AutoDL.Training;

/// <summary>How many epochs of how many examples a trial trains, so that it fits the time it has.</summary>
/// <param name="Epochs">Epochs to train; the learning-rate schedule spans them.</param>
/// <param name="ExamplesPerEpoch">Examples per epoch; null for full passes.</param>
public sealed record EpochPlan(int Epochs, int? ExamplesPerEpoch)
{
    /// <summary>
    /// Fewest epochs a trial is shortened to before its epochs are made smaller instead: below three,
    /// successive halving and early stopping have nothing to compare and the schedule has no annealing phase.
    /// </summary>
    public const int MinimumEpochs = 3;

    /// <summary>
    /// Fits <paramref name="plannedEpochs"/> into <paramref name="secondsLeft"/>: keep them when they fit; else
    /// train fewer full epochs, down to <see cref="MinimumEpochs"/>; else train <see cref="MinimumEpochs"/>
    /// shorter epochs (validation still runs in full after each). Returns null when not even two batches per
    /// epoch fit.
    /// </summary>
    public static EpochPlan? Fit(int plannedEpochs, TrainingCost cost, double secondsLeft, int trainCount, int validationCount, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(plannedEpochs, 1);
        ArgumentNullException.ThrowIfNull(cost);
        double full = cost.EpochSeconds(trainCount, validationCount);
        int affordable = (int)Math.Floor(secondsLeft / full);
        if (affordable >= plannedEpochs)
        {
            return new EpochPlan(plannedEpochs, null);
        }
        int minimum = Math.Min(MinimumEpochs, plannedEpochs);
        if (affordable >= minimum)
        {
            return new EpochPlan(affordable, null);
        }
        // 90% of the time left, so the estimate's error does not cut off the last epoch.
        double trainSecondsPerEpoch = 0.9 * secondsLeft / minimum - validationCount * cost.EvalSecondsPerImage;
        int examples = (int)Math.Min(trainCount, trainSecondsPerEpoch / cost.TrainSecondsPerImage);
        return examples >= 2 * batchSize ? new EpochPlan(minimum, examples) : null;
    }
}
