using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>The training loss: cross-entropy with the class weights and label smoothing of a request.</summary>
internal sealed class StepLoss : IDisposable
{
    private readonly Tensor? _weights;
    private readonly double _labelSmoothing;

    public StepLoss(float[]? classWeights, double labelSmoothing)
    {
        _weights = classWeights is null ? null : tensor(classWeights);
        _labelSmoothing = labelSmoothing;
    }

    /// <summary>Cross-entropy of <paramref name="logits"/> against <paramref name="targets"/>, weighted and smoothed.</summary>
    public Tensor Compute(Tensor logits, Tensor targets) =>
        nn.functional.cross_entropy(logits, targets, weight: _weights, label_smoothing: _labelSmoothing);

    public void Dispose() => _weights?.Dispose();
}
