using AutoDL.Models;
using AutoDL.Search;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// A task's side of training one network: its examples, its network, how a batch of examples becomes a loss, and how
/// a network scores on the validation examples. The <see cref="Trainer"/>, its cost probe and the learning-rate finder
/// own everything else (seeding, the optimiser and schedule, weight averaging, the best epoch, early stopping, pruning),
/// so each task trains through the same loop.
/// </summary>
public interface ITrainingTask
{
    /// <summary>Training examples: one epoch is a full pass over them.</summary>
    int TrainCount { get; }

    /// <summary>Validation examples: what selects the best epoch.</summary>
    int ValidationCount { get; }

    /// <summary>Whether a higher or a lower <see cref="ValidationResult.Score"/> is better.</summary>
    MetricDirection Direction { get; }

    /// <summary>A freshly initialised network for <paramref name="model"/>, drawing its weights from torch's global generator.</summary>
    nn.Module<Tensor, Tensor> CreateNetwork(ModelConfig model);

    /// <summary>The optimiser steps of one run over the training examples, in <paramref name="recipe"/>'s order and augmentation.</summary>
    ITrainingSteps CreateSteps(ModelConfig model, TrainingConfig recipe, int batchSize, Random random);

    /// <summary>Scores <paramref name="network"/> on the validation examples.</summary>
    ValidationResult Validate(nn.Module<Tensor, Tensor> network);

    /// <summary>Runs <paramref name="network"/> in evaluation mode on the first <paramref name="count"/> training examples, so a cost probe can time evaluation.</summary>
    void Evaluate(nn.Module<Tensor, Tensor> network, int count);
}
