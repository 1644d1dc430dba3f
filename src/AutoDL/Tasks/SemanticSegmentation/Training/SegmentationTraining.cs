using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Tasks.SemanticSegmentation.Data;
using AutoDL.Tasks.SemanticSegmentation.Evaluation;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tasks.SemanticSegmentation.Training;

/// <summary>
/// A segmentation network's side of training one network (<see cref="ITrainingTask"/>): whole images with their masks,
/// cut into square tiles for training, a decoder of the searched kind on the configured backbone, cross-entropy (weighted
/// by class when the search asks) with Dice, and the validation score mIoU over the validation images' pixels at their
/// own size.
/// </summary>
internal sealed class SegmentationTraining : ITrainingTask
{
    private readonly IReadOnlyList<SegmentedImage> _train;
    private readonly IReadOnlyList<SegmentedImage> _validation;
    private readonly IReadOnlyList<string> _classNames;
    private readonly NormalizationStats _normalization;
    private readonly SegmentationAugmentation _augmentation;
    // Counted once, when a trial first asks for weighted classes: every pixel of the training set is read.
    private readonly Lazy<float[]> _classWeights;

    /// <param name="train">The training images.</param>
    /// <param name="validation">The validation images.</param>
    /// <param name="classNames">The classes, by mask value.</param>
    /// <param name="tile">The square tiles training cuts (and the shape the network's cost is counted at).</param>
    /// <param name="normalization">The training images' channel statistics.</param>
    /// <param name="augmentation">How tiles are varied.</param>
    public SegmentationTraining(IReadOnlyList<SegmentedImage> train, IReadOnlyList<SegmentedImage> validation, IReadOnlyList<string> classNames, ImageShape tile, NormalizationStats normalization, SegmentationAugmentation augmentation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        _train = train;
        _validation = validation;
        _classNames = classNames;
        Tile = tile;
        _normalization = normalization;
        _augmentation = augmentation;
        _classWeights = new(() => PixelClassWeights.InverseSquareRootFrequency(train, classNames.Count));
    }

    /// <summary>The square tiles training cuts.</summary>
    public ImageShape Tile { get; }

    /// <inheritdoc/>
    public int TrainCount => _train.Count;

    /// <inheritdoc/>
    public int ValidationCount => _validation.Count;

    /// <inheritdoc/>
    public MetricDirection Direction => MetricDirection.Maximize;

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> CreateNetwork(ModelConfig model) => SegmentationNetwork.Create(Config(model), Tile, _classNames.Count);

    /// <inheritdoc/>
    public ITrainingSteps CreateSteps(ModelConfig model, TrainingConfig recipe, int batchSize, Random random)
    {
        var segmenter = Config(model);
        var sampler = new TileSampler(Tile.Width, _normalization, _augmentation, random);
        var weights = segmenter.Head.WeighClasses ? _classWeights.Value : null;
        return new SegmentationSteps(_train, sampler, Tile.Width, weights, segmenter.Head.DiceWeight, batchSize, segmenter.TrainsFasterChannelsLast, random);
    }

    /// <inheritdoc/>
    public ValidationResult Validate(nn.Module<Tensor, Tensor> network)
    {
        var (report, loss) = Score(network, _validation);
        // No scored validation pixel leaves mIoU undefined; 0 then ranks every epoch the same, by its loss.
        return new ValidationResult(loss, report.MeanIoU ?? 0);
    }

    /// <summary>The figures of <paramref name="network"/> on <paramref name="images"/> (a test split), scored as in validation.</summary>
    internal SegmentationReport Test(nn.Module<Tensor, Tensor> network, IReadOnlyList<SegmentedImage> images) =>
        Score(network, images).Report;

    /// <inheritdoc/>
    public void Evaluate(nn.Module<Tensor, Tensor> network, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        Score(network, [.. _train.Take(count)]);
    }

    private (SegmentationReport Report, double Loss) Score(nn.Module<Tensor, Tensor> network, IReadOnlyList<SegmentedImage> images)
    {
        using var engine = new TorchSegmentationEngine(network, _normalization, _classNames.Count);
        return SegmentationScoring.Score(engine, images, _classNames);
    }

    private static SegmenterConfig Config(ModelConfig model) =>
        model as SegmenterConfig ?? throw new ArgumentException($"A segmentation task trains a segmentation configuration, not a {model?.Family} network.", nameof(model));
}
