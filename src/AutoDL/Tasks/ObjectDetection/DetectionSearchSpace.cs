using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Training;

namespace AutoDL.Tasks.ObjectDetection;

/// <summary>
/// What the search may change for a detector, and how a point becomes a <see cref="DetectorConfig"/> and a recipe: the
/// backbone families' shared parameters (<see cref="BackboneSearchSpace"/>), the head's pyramid levels, width and tower
/// depth, the box loss's weight, and AdamW's rate, decay, batch size, epochs and schedule. The ranges are those of the
/// small detectors that train on a CPU in minutes (bench/results/detection-product-vs-peer-15-epochs.md).
/// </summary>
internal static class DetectionSearchSpace
{
    /// <summary>
    /// ResNet and MobileNetV2: the plain CNN has no downsampling stem, so its pyramid would sit at strides 2 to 8 and cost
    /// several times as much per image for a receptive field too small for objects of half the image.
    /// </summary>
    private static readonly string[] Families = [ResNetConfig.FamilyName, MobileNetV2Config.FamilyName];

    /// <summary>The batch size the default recipe's rate was measured at.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>
    /// The default peak rate at <see cref="DefaultBatchSize"/>: the rate the product and its PyTorch peer trained the
    /// benchmark's detector with (validation mAP 0.50 after 15 epochs, bench/results/detection-product-vs-peer-15-epochs.md).
    /// </summary>
    private const double DefaultLearningRate = 0.002;

    /// <summary>
    /// A 7×7 stride-2 stem with a max-pool, whatever the input size: the pyramid then sits at strides 8, 16 and 32 on a
    /// four-stage ResNet, FCOS's P3 to P5, where objects of a tenth to the whole of a 128-pixel image are a few cells across.
    /// </summary>
    private const StemKind Stem = StemKind.Conv7Pool;

    /// <summary>The space.</summary>
    public static SearchSpace Space { get; } = new(
    [
        .. BackboneSearchSpace.Parameters(Families),
        new("head.levels", new IntDistribution(2, 3)),
        new("head.width", new IntDistribution(32, 128, Step: 16)),
        new("head.towers", new IntDistribution(1, 4)),
        new("box_weight", new FloatDistribution(0.5, 2, Log: true)),
        .. AdamWRecipeSpace.Parameters(BatchSizeChoices, maxEpochs: 60),
    ]);

    /// <summary>The batch sizes calibration chooses from.</summary>
    public static IReadOnlyList<int> BatchSizeChoices => [16, 32, 64];

    /// <summary>The default peak rate at <paramref name="batchSize"/>.</summary>
    public static double DefaultLearningRateAt(int batchSize) => LearningRateRange.ScaledTo(DefaultLearningRate, DefaultBatchSize, batchSize);

    /// <summary>
    /// The default detectors, cheapest first: the benchmark's detector (a four-stage ResNet of one block per stage, a
    /// three-level pyramid, a head 64 wide with towers of two) on backbones 16, 24 and 32 wide.
    /// </summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) =>
        [.. new[] { 16, 24, 32 }.Select(width => Default(epochs: 1, width, batchSize))];

    /// <summary>A default configuration (see <see cref="DefaultLadder"/>), AdamW with one-cycle.</summary>
    public static IReadOnlyDictionary<string, double> Default(int epochs, int width = 16, int batchSize = DefaultBatchSize)
    {
        var readable = new Dictionary<string, string>(BackboneSearchSpace.ResNet(stages: 4, blocks: 1, width), StringComparer.Ordinal)
        {
            ["head.levels"] = "3",
            ["head.width"] = "64",
            ["head.towers"] = "2",
            ["box_weight"] = "1",
        };
        foreach (var (name, value) in AdamWRecipeSpace.Default(DefaultLearningRateAt(batchSize), batchSize, epochs))
        {
            readable[name] = value;
        }
        return AdamWRecipeSpace.Encode(Space, readable);
    }

    /// <summary>
    /// The detector a point describes for <paramref name="input"/>-shaped images. A backbone with fewer stages than the
    /// point's pyramid levels gets as many levels as it has stages.
    /// </summary>
    public static DetectorConfig ToModel(IReadOnlyDictionary<string, double> p, ImageShape input)
    {
        ArgumentNullException.ThrowIfNull(p);
        var backbone = BackboneSearchSpace.ToBackbone(p, Space, Stem);
        int stages = ModelFactory.EstimateBackbone(backbone, input).Taps.Count;
        int levels = Math.Min((int)p["head.levels"], stages);
        return new DetectorConfig(backbone, new DetectorHead(levels, (int)p["head.width"], (int)p["head.towers"], p["box_weight"]));
    }

    /// <summary>The recipe a point describes (<see cref="AdamWRecipeSpace"/>): augmentation is the task's own, box-aware (<see cref="Training.DetectionAugmentation"/>).</summary>
    public static TrainingConfig ToTraining(IReadOnlyDictionary<string, double> p) => AdamWRecipeSpace.ToTraining(Space, p);

    /// <summary>A copy of <paramref name="p"/> set to train <paramref name="epochs"/> epochs (within the space's range).</summary>
    public static IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> p, int epochs) => AdamWRecipeSpace.WithEpochs(Space, p, epochs);

    /// <summary>Whether a parameter shapes the network (backbone or head) rather than how it is trained.</summary>
    public static bool IsArchitecture(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return BackboneSearchSpace.IsBackbone(parameter) || parameter.Name.StartsWith("head.", StringComparison.Ordinal);
    }
}
