namespace AutoDL.Training;

/// <summary>The result of a learning-rate range test.</summary>
/// <param name="LearningRates">The learning rate of each step, rising exponentially.</param>
/// <param name="SmoothedLosses">The training loss after each step, exponentially smoothed and bias-corrected.</param>
/// <param name="MinimumLossRate">The learning rate where the smoothed loss was lowest.</param>
/// <param name="Suggested">The suggested peak learning rate: a tenth of <paramref name="MinimumLossRate"/>.</param>
/// <param name="Diverged">Whether the sweep stopped early because the loss blew up (it normally does, near the top).</param>
public sealed record LearningRateSweep(IReadOnlyList<double> LearningRates, IReadOnlyList<double> SmoothedLosses, double MinimumLossRate, double Suggested, bool Diverged);
