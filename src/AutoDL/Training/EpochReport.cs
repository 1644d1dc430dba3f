namespace AutoDL.Training;

/// <summary>What one finished epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="ValidationLoss">Mean validation cross-entropy (without smoothing).</param>
/// <param name="ValidationAccuracy">Validation accuracy in [0,1].</param>
/// <param name="Seconds">Wall time of the epoch including validation.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double ValidationLoss, double ValidationAccuracy, double Seconds)
{
    /// <summary>The validation value of the request's <see cref="TrainingRequest.Metric"/>, the figure that selects epochs and trials.</summary>
    public double ValidationScore { get; init; }
}
