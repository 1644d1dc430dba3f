using AutoDL.Models;

namespace AutoDL.Training;

/// <summary>Everything one training run needs.</summary>
/// <param name="Model">The network to build.</param>
/// <param name="Training">How to train it.</param>
/// <param name="Task">The task's examples, network, loss and validation metric.</param>
/// <param name="Seed">Seeds weight initialisation, shuffling and augmentation.</param>
public sealed record TrainingRequest(
    ModelConfig Model,
    TrainingConfig Training,
    ITrainingTask Task,
    int Seed = 0)
{
    /// <summary>
    /// Called after every epoch; return false to stop (pruning). The weights are present when the epoch
    /// is the best so far, so a caller can keep the best model on disk at every moment.
    /// </summary>
    public Func<EpochOutcome, bool>? OnEpoch { get; init; }

    /// <summary>
    /// Examples per epoch; null means one full pass. A smaller "epoch" lets a short budget still report, prune and
    /// anneal several times over a large dataset; successive epochs continue through one shuffled stream, so
    /// every example is seen before any is seen twice.
    /// </summary>
    public int? ExamplesPerEpoch { get; init; }

    /// <summary>
    /// Called after each epoch but the last planned, with the epochs done and the epochs planned; returns the epochs the
    /// run should have in all (at least one more than done). The learning-rate schedule is stretched or shrunk to end
    /// with them. For runs planned to fill a stretch of time rather than to train a number of epochs: the cost measured
    /// before training is off by up to a third on some machines. Null keeps the configured epochs.
    /// </summary>
    public Func<int, int, int>? Replan { get; init; }

    /// <summary>Called every few batches with (batches done in this epoch, batches per epoch), for progress displays.</summary>
    public Action<int, int>? OnBatch { get; init; }
}
