using AutoDL.Data.Augmentation;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>What a training step needs besides the batch: the loss's class weights and smoothing, and the augmenter.</summary>
internal sealed class StepLoss : IDisposable
{
    private readonly Tensor? _weights;
    private readonly double _labelSmoothing;

    public StepLoss(float[]? classWeights, double labelSmoothing, BatchAugmenter? augmenter)
    {
        _weights = classWeights is null ? null : tensor(classWeights);
        _labelSmoothing = labelSmoothing;
        Augmenter = augmenter;
    }

    /// <summary>The tensor augmentation of each batch; null when the recipe needs none.</summary>
    public BatchAugmenter? Augmenter { get; }

    /// <summary>Cross-entropy of <paramref name="logits"/> against <paramref name="targets"/>, weighted and smoothed.</summary>
    public Tensor Compute(Tensor logits, Tensor targets) =>
        nn.functional.cross_entropy(logits, targets, weight: _weights, label_smoothing: _labelSmoothing);

    public void Dispose()
    {
        _weights?.Dispose();
        Augmenter?.Dispose();
    }
}
