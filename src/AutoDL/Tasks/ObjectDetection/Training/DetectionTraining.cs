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
    private const int EvaluationBatch = 32;

    private readonly DetectionSet _train;
    private readonly DetectionSet _validation;
    private readonly IReadOnlyList<string> _classNames;
    private readonly NormalizationStats _normalization;
    private readonly DetectorHead _head;
    private readonly DetectionAugmentation _augmentation;
    private readonly FcosDecoder _decoder = new();

    public DetectionTraining(DetectionSet train, DetectionSet validation, IReadOnlyList<string> classNames, NormalizationStats normalization, DetectorHead head, DetectionAugmentation augmentation)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        _train = train;
        _validation = validation;
        _classNames = classNames;
        _normalization = normalization;
        _head = head;
        _augmentation = augmentation;
    }

    /// <inheritdoc/>
    public int TrainCount => _train.Count;

    /// <inheritdoc/>
    public int ValidationCount => _validation.Count;

    /// <inheritdoc/>
    public MetricDirection Direction => MetricDirection.Maximize;

    /// <inheritdoc/>
    public nn.Module<Tensor, Tensor> CreateNetwork(ModelConfig model) => Create(model);

    /// <inheritdoc/>
    public ITrainingSteps CreateSteps(ModelConfig model, TrainingConfig recipe, int batchSize, Random random) =>
        new DetectionSteps(_train, _normalization, DetectorLayout.Of(model, _train.Shape, _head.Levels), _classNames.Count, _augmentation, _head.BoxWeight, batchSize, model.TrainsFasterChannelsLast, random);

    /// <inheritdoc/>
    public ValidationResult Validate(nn.Module<Tensor, Tensor> network)
    {
        var (report, loss) = Score(network, _validation);
        // No validation object of any class leaves mAP undefined; 0 then ranks every epoch the same, by its loss.
        return new ValidationResult(loss, report.Map ?? 0);
    }

    /// <summary>COCO's figures for <paramref name="network"/> on <paramref name="set"/> (a test split), decoded as in validation.</summary>
    internal DetectionReport Test(nn.Module<Tensor, Tensor> network, DetectionSet set) => Score(network, set).Report;

    /// <summary>Runs the network over a set in evaluation mode: its COCO report and its mean loss per image.</summary>
    private (DetectionReport Report, double Loss) Score(nn.Module<Tensor, Tensor> network, DetectionSet set)
    {
        ArgumentNullException.ThrowIfNull(network);
        var detector = Detector(network);
        using var points = detector.Layout.Points();
        var images = new List<EvaluatedImage>(set.Count);
        double lossSum = 0;
        network.eval();
        using (no_grad())
        {
            foreach (var (start, count) in Batches(set.Count))
            {
                using var scope = NewDisposeScope();
                var predictions = network.forward(Batch(set, start, count));
                var truth = Enumerable.Range(start, count).Select(i => set.Objects[i]).ToList();
                var targets = FcosTargets.Stack([.. truth.Select(o => FcosTargets.For(points, o, _classNames.Count))]);
                lossSum += FcosLoss.Compute(predictions, points, targets, _head.BoxWeight).Total.item<float>() * count;
                var detections = _decoder.Decode(predictions, points, set.Shape.Width, set.Shape.Height);
                images.AddRange(truth.Zip(detections, (t, d) => new EvaluatedImage(t, d)));
            }
        }
        return (CocoEvaluator.Evaluate(images, _classNames), lossSum / Math.Max(1, set.Count));
    }

    /// <inheritdoc/>
    public void Evaluate(nn.Module<Tensor, Tensor> network, int count)
    {
        ArgumentNullException.ThrowIfNull(network);
        network.eval();
        using var _ = no_grad();
        foreach (var (start, n) in Batches(Math.Min(count, _train.Count)))
        {
            using var scope = NewDisposeScope();
            network.forward(Batch(_train, start, n));
        }
    }

    private FcosNetwork Create(ModelConfig model) =>
        new(ModelFactory.CreateBackbone(model, _train.Shape), _train.Shape, _classNames.Count, _head.Levels, _head.Width, _head.TowerDepth);

    /// <summary>The detector inside what the trainer hands back (it may wrap the network, as the weight average does).</summary>
    private static FcosNetwork Detector(nn.Module<Tensor, Tensor> network) =>
        network as FcosNetwork
        ?? network.modules().OfType<FcosNetwork>().FirstOrDefault()
        ?? throw new ArgumentException("The network is not a detector this task built.", nameof(network));

    private Tensor Batch(DetectionSet set, int start, int count)
    {
        var shape = set.Shape;
        var builder = new BatchBuilder(shape, _normalization);
        var input = new float[(long)count * shape.PixelCount];
        for (int i = 0; i < count; i++)
        {
            builder.Write(set.Image(start + i), input.AsSpan(i * shape.PixelCount, shape.PixelCount));
        }
        return tensor(input, [count, shape.Channels, shape.Height, shape.Width]);
    }

    private static IEnumerable<(int Start, int Count)> Batches(int total)
    {
        for (int start = 0; start < total; start += EvaluationBatch)
        {
            yield return (start, Math.Min(EvaluationBatch, total - start));
        }
    }
}
