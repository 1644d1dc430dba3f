using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search;
using AutoDL.Search.Distributions;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Training;

namespace AutoDL.Tasks.SemanticSegmentation;

/// <summary>
/// What the search may change for a segmentation network, and how a point becomes a <see cref="SegmenterConfig"/> and a
/// recipe: the backbone families' shared parameters (<see cref="BackboneSearchSpace"/>), the decoder (U-Net, atrous
/// pyramid or LR-ASPP) with its depth and width, the loss (the Dice term's weight beside cross-entropy, and whether
/// cross-entropy weighs rare classes up), and AdamW's recipe (<see cref="AdamWRecipeSpace"/>). The default is shaped
/// like the detector's (a four-stage ResNet of one block per stage) with a U-Net decoder; measured against a PyTorch peer
/// of the same network in bench/results/segmentation-fit-10m.md.
/// </summary>
internal static class SegmentationSearchSpace
{
    /// <summary>
    /// ResNet and MobileNetV2: the plain CNN keeps full resolution through its first blocks, several times the cost per
    /// tile for a receptive field too small for regions of half the tile.
    /// </summary>
    private static readonly string[] Families = [ResNetConfig.FamilyName, MobileNetV2Config.FamilyName];

    /// <summary>The batch size the default recipe's rate is set for.</summary>
    public const int DefaultBatchSize = 16;

    /// <summary>The default peak rate at <see cref="DefaultBatchSize"/>: the detector's rate per image (0.002 at 32), not yet measured here.</summary>
    private const double DefaultLearningRate = 0.001;

    /// <summary>
    /// A strided 3×3 stem: the backbone's stage taps then sit at strides 2 to 16 on a four-stage ResNet, so the decoder's
    /// finest stage sees thin structures (a road, a shape's outline) at half the tile's resolution.
    /// </summary>
    private const StemKind Stem = StemKind.Conv3Stride2;

    private const string NoClassWeights = "none";

    private const string InverseSqrtClassWeights = "inverse_sqrt";

    /// <summary>The decoders by their name in the space.</summary>
    private static readonly IReadOnlyDictionary<string, SegmentationDecoder> Decoders = new Dictionary<string, SegmentationDecoder>(StringComparer.Ordinal)
    {
        ["unet"] = SegmentationDecoder.UNet,
        ["aspp"] = SegmentationDecoder.Aspp,
        ["lraspp"] = SegmentationDecoder.LrAspp,
    };

    /// <summary>The space.</summary>
    public static SearchSpace Space { get; } = new(
    [
        .. BackboneSearchSpace.Parameters(Families),
        new("head.decoder", new CategoricalDistribution(Decoders.Keys.ToList())),
        new("head.depth", new IntDistribution(2, 4)),
        new("head.width", new IntDistribution(16, 64, Step: 16)),
        new("dice_weight", new FloatDistribution(0, 1)),
        new("class_weights", new CategoricalDistribution([NoClassWeights, InverseSqrtClassWeights])),
        .. AdamWRecipeSpace.Parameters(BatchSizeChoices, maxEpochs: 60),
    ]);

    /// <summary>The batch sizes calibration chooses from: tiles cost more than a classifier's images, so smaller batches.</summary>
    public static IReadOnlyList<int> BatchSizeChoices => [8, 16, 32];

    /// <summary>The default peak rate at <paramref name="batchSize"/>.</summary>
    public static double DefaultLearningRateAt(int batchSize) => LearningRateRange.ScaledTo(DefaultLearningRate, DefaultBatchSize, batchSize);

    /// <summary>The default networks, cheapest first: a four-stage ResNet of one block per stage, 16, 24 and 32 wide, with a decoder of depth 4 and width 32.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, double>> DefaultLadder(int batchSize) =>
        [.. new[] { 16, 24, 32 }.Select(width => Default(epochs: 1, width, batchSize))];

    /// <summary>A default configuration (see <see cref="DefaultLadder"/>), AdamW with one-cycle.</summary>
    public static IReadOnlyDictionary<string, double> Default(int epochs, int width = 16, int batchSize = DefaultBatchSize)
    {
        var readable = new Dictionary<string, string>(BackboneSearchSpace.ResNet(stages: 4, blocks: 1, width), StringComparer.Ordinal)
        {
            ["head.decoder"] = "unet",
            ["head.depth"] = "4",
            ["head.width"] = "32",
            ["dice_weight"] = "0.5",
            ["class_weights"] = NoClassWeights,
        };
        foreach (var (name, value) in AdamWRecipeSpace.Default(DefaultLearningRateAt(batchSize), batchSize, epochs))
        {
            readable[name] = value;
        }
        return AdamWRecipeSpace.Encode(Space, readable);
    }

    /// <summary>The network a point describes for tiles of <paramref name="tile"/>; a backbone with fewer stages than the decoder's depth gets a decoder as deep as it has stages.</summary>
    public static SegmenterConfig ToModel(IReadOnlyDictionary<string, double> p, ImageShape tile)
    {
        ArgumentNullException.ThrowIfNull(p);
        var decoder = Decoders[Space["head.decoder"].Distribution.Format(p["head.decoder"])];
        var backbone = BackboneSearchSpace.ToBackbone(p, Space, Stem);
        // DeepLab's atrous pyramid stands on a dilated last stage, which keeps its map twice as fine (ResNet only).
        if (decoder == SegmentationDecoder.Aspp && backbone is ResNetConfig resNet)
        {
            backbone = resNet with { DilateLastStage = true };
        }
        int stages = ModelFactory.EstimateBackbone(backbone, tile).Taps.Count;
        int depth = Math.Clamp((int)p["head.depth"], Math.Min(2, stages), stages);
        bool weighClasses = Space["class_weights"].Distribution.Format(p["class_weights"]) == InverseSqrtClassWeights;
        return new SegmenterConfig(backbone, new SegmentationHead(depth, (int)p["head.width"], p["dice_weight"], decoder, weighClasses));
    }

    /// <summary>The recipe a point describes (<see cref="AdamWRecipeSpace"/>): augmentation is the task's own, on image and mask together.</summary>
    public static TrainingConfig ToTraining(IReadOnlyDictionary<string, double> p) => AdamWRecipeSpace.ToTraining(Space, p);

    /// <summary>A copy of <paramref name="p"/> set to train <paramref name="epochs"/> epochs (within the space's range).</summary>
    public static IReadOnlyDictionary<string, double> WithEpochs(IReadOnlyDictionary<string, double> p, int epochs) => AdamWRecipeSpace.WithEpochs(Space, p, epochs);

    /// <summary>Whether a parameter shapes the network (backbone or decoder) rather than how it is trained.</summary>
    public static bool IsArchitecture(SearchParameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        return BackboneSearchSpace.IsBackbone(parameter) || parameter.Name.StartsWith("head.", StringComparison.Ordinal);
    }
}
