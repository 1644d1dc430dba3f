using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Tasks.ObjectDetection.Data;
using AutoDL.Tasks.ObjectDetection.Evaluation;
using AutoDL.Tasks.ObjectDetection.Inference;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.ObjectDetection.Training;

/// <summary>
/// A detector's side of training one network (<see cref="ITrainingTask"/>): letterboxed images with their boxes, an
/// FCOS-style network on the configured backbone, its loss, and the validation score COCO's mAP@[.5:.95], computed
/// on the validation images' boxes as <see cref="CocoEvaluator"/> defines it.
/// </summary>
internal sealed class DetectionTraining : ITrainingTask
{
    private readonly DetectionSet _train;
    private readonly DetectionSet _validation;
    private readonly IReadOnlyList<string> _classNames;
    private readonly NormalizationStats _normalization;
    private readonly DetectionAugmentation _augmentation;
    private readonly FcosDecoder _decoder = new();

    public DetectionTraining(DetectionSet train, DetectionSet validation, IReadOnlyList<string> classNames, NormalizationStats normalization, DetectionAugmentation augmentation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        _train = train;
        _validation = validation;
        _classNames = classNames;
        _normalization = normalization;
        _augmentation = augmentation;
    }

    /// <inheritdoc/>
    public int TrainCount => _train.Count;

    /// <inheritdoc/>
    public int ValidationCount => _validation.Count;

    /// <inheritdoc/>
    public MetricDirection Direction => MetricDirection.Maximize;

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> CreateNetwork(ModelConfig model) => FcosNetwork.Create(Config(model), _train.Shape, _classNames.Count);

    /// <inheritdoc/>
    public ITrainingSteps CreateSteps(ModelConfig model, TrainingConfig recipe, int batchSize, Random random)
    {
        var detector = Config(model);
        var layout = DetectorLayout.Of(detector.Backbone, _train.Shape, detector.Head.Levels);
        return new DetectionSteps(_train, _normalization, layout, _classNames.Count, _augmentation, detector.Head.BoxWeight, batchSize, model.TrainsFasterChannelsLast, random);
    }

    /// <inheritdoc/>
    public ValidationResult Validate(nn.Module<Tensor, Tensor> network)
    {
        var (report, loss) = Score(network, _validation);
        // No validation object of any class leaves mAP undefined; 0 then ranks every epoch the same, by its loss.
        return new ValidationResult(loss, report.Map ?? 0);
    }

    /// <summary>COCO's figures for <paramref name="network"/> on <paramref name="set"/> (a test split), decoded as in validation.</summary>
    internal DetectionReport Test(nn.Module<Tensor, Tensor> network, DetectionSet set) => Score(network, set).Report;

    private (DetectionReport Report, double Loss) Score(nn.Module<Tensor, Tensor> network, DetectionSet set) =>
        DetectorScoring.Score(network, set, _normalization, _classNames, _decoder);

    /// <inheritdoc/>
    public void Evaluate(nn.Module<Tensor, Tensor> network, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.eval();
        using var _ = no_grad();
        foreach (var (start, n) in DetectorScoring.Batches(Math.Min(count, _train.Count)))
        {
            using var scope = NewDisposeScope();
            network.forward(DetectorScoring.Batch(_train, _normalization, start, n));
        }
    }

    private static DetectorConfig Config(ModelConfig model) =>
        model as DetectorConfig ?? throw new ArgumentException($"A detector trains a detector configuration, not a {model?.Family} network.", nameof(model));
}
