using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Tasks.ImageClassification.Data;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ImageClassification.Training;

/// <summary>
/// Image classification's side of training (<see cref="ITrainingTask"/>): labelled images, a backbone with a
/// classification head, the weighted and smoothed cross-entropy, and validation by <see cref="Metric"/> with the
/// unsmoothed cross-entropy breaking ties.
/// </summary>
public sealed class ClassificationTraining : ITrainingTask
{
    private readonly ImageDataset _train;
    private readonly ImageDataset _validation;
    private readonly NormalizationStats _normalization;
    private readonly BatchBuilder _builder;

    /// <summary>Trains on <paramref name="train"/> and selects on <paramref name="validation"/>, both normalised by <paramref name="normalization"/> (the training split's statistics).</summary>
    /// <exception cref="ArgumentException">The splits differ in image shape or classes.</exception>
    public ClassificationTraining(ImageDataset train, ImageDataset validation, NormalizationStats normalization)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(normalization);
        if (train.Shape != validation.Shape || train.ClassNames.Count != validation.ClassNames.Count)
        {
            throw new ArgumentException("Training and validation images must share shape and classes.", nameof(validation));
        }
        _train = train;
        _validation = validation;
        _normalization = normalization;
        _builder = new BatchBuilder(train.Shape, normalization);
    }

    /// <summary>The validation metric that picks the best epoch; accuracy unless the classes are imbalanced.</summary>
    public SelectionMetric Metric { get; init; } = SelectionMetric.Accuracy;

    /// <summary>
    /// Per-class loss weights set by the data preparation (for example <see cref="ClassWeights.RestorePriors"/> after
    /// cleaning), used when <see cref="TrainingConfig.Balancing"/> does not balance the classes itself (see
    /// <see cref="ClassWeights.ForLoss"/>); null for none.
    /// </summary>
    public IReadOnlyList<float>? ClassWeights { get; init; }

    /// <inheritdoc/>
    public int TrainCount => _train.Count;

    /// <inheritdoc/>
    public int ValidationCount => _validation.Count;

    /// <inheritdoc/>
    public MetricDirection Direction => Metric.Direction();

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> CreateNetwork(ModelConfig model) => ModelFactory.Create(model, _train.Shape, _train.ClassNames.Count);

    /// <inheritdoc/>
    public ITrainingSteps CreateSteps(ModelConfig model, TrainingConfig recipe, int batchSize, Random random) =>
        new ClassificationSteps(_train, _normalization, ClassWeights, model, recipe, batchSize, random);

    /// <inheritdoc/>
    public ValidationResult Validate(nn.Module<Tensor, Tensor> network)
    {
        int classes = _train.ClassNames.Count;
        var probabilities = NetworkRunner.PredictProbabilities(network, _validation, _builder, classes);
        double loss = 0;
        var predicted = new int[_validation.Count];
        for (int i = 0; i < _validation.Count; i++)
        {
            var row = probabilities.AsSpan(i * classes, classes);
            loss -= Math.Log(Math.Max(row[_validation.Labels[i]], 1e-12f));
            predicted[i] = NetworkRunner.ArgMax(row);
        }
        return new ValidationResult(loss / _validation.Count, Metric.Score(_validation.Labels, predicted, classes));
    }

    /// <inheritdoc/>
    public void Evaluate(nn.Module<Tensor, Tensor> network, int count) =>
        NetworkRunner.PredictProbabilities(network, count, _train.Image, _train.Shape, _builder, _train.ClassNames.Count);
}
