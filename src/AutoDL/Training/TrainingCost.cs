namespace AutoDL.Training;

/// <summary>Measured cost of a network on this machine: seconds per image for a training step and for an evaluation forward pass.</summary>
/// <param name="TrainSecondsPerImage">Forward, backward and optimiser step, per image.</param>
/// <param name="EvalSecondsPerImage">Forward pass in evaluation mode without gradients, per image.</param>
public sealed record TrainingCost(double TrainSecondsPerImage, double EvalSecondsPerImage)
{
    /// <summary>Seconds for an epoch of <paramref name="trainImages"/> followed by validation on <paramref name="validationImages"/>.</summary>
    public double EpochSeconds(int trainImages, int validationImages) =>
        trainImages * TrainSecondsPerImage + validationImages * EvalSecondsPerImage;
}
