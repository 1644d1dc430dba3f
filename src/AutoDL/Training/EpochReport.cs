namespace AutoDL.Training;

/// <summary>What one finished epoch measured.</summary>
/// <param name="Epoch">1-based epoch number.</param>
/// <param name="TrainLoss">Mean training loss over the epoch.</param>
/// <param name="ValidationLoss">Mean validation loss (<see cref="ValidationResult.Loss"/>).</param>
/// <param name="ValidationScore">The task's selection metric on validation, the figure that selects epochs and trials.</param>
/// <param name="Seconds">Wall time of the epoch including validation.</param>
/// <param name="ValidationSeconds">The part of <paramref name="Seconds"/> spent validating.</param>
public sealed record EpochReport(int Epoch, double TrainLoss, double ValidationLoss, double ValidationScore, double Seconds, double ValidationSeconds);
