using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Training;

/// <summary>Everything one training run needs.</summary>
/// <param name="Model">The network to build.</param>
/// <param name="Training">How to train it.</param>
/// <param name="Train">Training images.</param>
/// <param name="Validation">Validation images: early stopping and model selection look only at these.</param>
/// <param name="Normalization">Normalisation statistics of the training split.</param>
/// <param name="Seed">Seeds weight initialisation, shuffling and augmentation.</param>
public sealed record TrainingRequest(
    ModelConfig Model,
    TrainingConfig Training,
    ImageDataset Train,
    ImageDataset Validation,
    NormalizationStats Normalization,
    int Seed = 0)
{
    /// <summary>
    /// Called after every epoch; return false to stop (pruning). The weights are present when the epoch
    /// is the best so far, so a caller can keep the best model on disk at every moment.
    /// </summary>
    public Func<EpochOutcome, bool>? OnEpoch { get; init; }

    /// <summary>
    /// Images per epoch; null means one full pass. A smaller "epoch" lets a short budget still report, prune and
    /// anneal several times over a large dataset; successive epochs continue through one shuffled stream, so
    /// every image is seen before any is seen twice.
    /// </summary>
    public int? ImagesPerEpoch { get; init; }

    /// <summary>The validation metric that picks the best epoch; accuracy unless the classes are imbalanced.</summary>
    public SelectionMetric Metric { get; init; } = SelectionMetric.Accuracy;

    /// <summary>
    /// Per-class loss weights set by the data preparation (for example <see cref="Training.ClassWeights.RestorePriors"/>
    /// after cleaning), used when <see cref="TrainingConfig.Balancing"/> does not balance the classes itself (see
    /// <see cref="Training.ClassWeights.ForLoss"/>); null for none.
    /// </summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <summary>Called every few batches with (batches done in this epoch, batches per epoch), for progress displays.</summary>
    public Action<int, int>? OnBatch { get; init; }
}
