using AutoDL.Data;
using AutoDL.Models.Heads;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// The network of a <see cref="MobileNetV2Config"/>, laid out for small images rather than ImageNet:
/// <list type="bullet">
/// <item>stem (<see cref="StemKind"/>) to 16·m channels, ReLU6;</item>
/// <item>four stages of <see cref="MobileNetV2Config.Depth"/> inverted residuals with 16, 24, 32 and 64·m
/// channels; the first stage keeps the resolution and each later stage halves it while the map is at least
/// <see cref="MinSideToStride"/> pixels, so 28×28 ends at 4×4 with the Conv3 stem (and never below 3×3
/// from a 28×28 input with any stem) and the depthwise 3×3 still sees a neighbourhood;</item>
/// <item>a 1×1 convolution to 256·max(m, 1) features (like the paper, the last layer is not thinned for
/// m &lt; 1: it is cheap at this resolution and carries the classifier), global average pooling, dropout
/// and a linear classifier.</item>
/// </list>
/// m is the width multiplier; every width is rounded to a multiple of 8 (at least 8) as in the paper.
/// </summary>
internal static class MobileNetV2
{
    /// <summary>A stage strides only while the map is at least this many pixels, so it stays ≥ 3×3.</summary>
    internal const int MinSideToStride = 6;

    private static readonly int[] StageWidths = [16, 24, 32, 64];
    private const int FeatureWidth = 256;

    /// <summary>The classifier: the backbone, the head (widened by a 1×1 convolution first), and the shared initialisation.</summary>
    public static BackboneWithHead Create(MobileNetV2Config config, ImageShape input, int classes)
    {
        var backbone = CreateBackbone(config, input);
        int features = HeadWidth(config);
        var head = ClassificationHead.Create(features, config.Dropout, classes, before:
        [
            ("conv", Conv2d(backbone.Output.Channels, features, 1, bias: false)),
            ("bn", BatchNorm2d(features)),
            ("act", ReLU6(inplace: true)),
        ]);
        var network = new BackboneWithHead(nameof(MobileNetV2), backbone, head);
        WeightInit.ApplyWithIdentityResiduals(network);
        return network;
    }

    /// <summary>The stem and the inverted-residual stages, registered as "_stem" and "_blocks".</summary>
    public static Backbone CreateBackbone(MobileNetV2Config config, ImageShape input)
    {
        var plan = Plan(config, input);
        int stemWidth = Scale(StageWidths[0], config.WidthMultiplier);
        var stem = Stems.Create(config.Stem, input.Channels, stemWidth, () => ReLU6(inplace: true));
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        foreach (var block in plan)
        {
            blocks.Add(($"stage{block.Stage}_{block.Index}", new InvertedResidual(block.In, block.Out, block.Stride, config.Expansion)));
        }
        var last = plan[^1];
        return new Backbone([("_stem", stem), ("_blocks", Sequential(blocks))], new FeatureMap(last.Out, last.OutHeight, last.OutWidth)) { Taps = Taps(plan) };
    }

    /// <summary>The last block at each resolution (the next one halves it, or none follows): where a feature pyramid taps the blocks.</summary>
    private static List<FeatureTap> Taps(List<(int Stage, int Index, int In, int Out, int Stride, int InHeight, int InWidth, int OutHeight, int OutWidth)> plan) =>
        [.. plan.Select((block, child) => (block, child))
            .Where(b => b.child == plan.Count - 1 || plan[b.child + 1].Stride == 2)
            .Select(b => new FeatureTap(1, b.child, new FeatureMap(b.block.Out, b.block.OutHeight, b.block.OutWidth)))];

    /// <summary>What the classifier costs on one image (see <see cref="NetworkCost"/>), from the same plan it is built from.</summary>
    public static NetworkCost Cost(MobileNetV2Config config, ImageShape input, int classes)
    {
        var backbone = BackboneCost(config, input);
        var last = backbone.Output;
        int features = HeadWidth(config);
        return backbone.Cost
            + NetworkCost.ConvNorm(last.Channels, features, 1, last.Height, last.Width)
            + NetworkCost.Map(features, last.Height, last.Width)
            + ClassificationHead.Cost(features, classes);
    }

    /// <summary>What the backbone costs on one image, and the map it outputs.</summary>
    public static BackboneCost BackboneCost(MobileNetV2Config config, ImageShape input)
    {
        var plan = Plan(config, input);
        var cost = Stems.Cost(config.Stem, input, Scale(StageWidths[0], config.WidthMultiplier));
        foreach (var block in plan)
        {
            cost += InvertedResidual.Cost(
                block.In, block.Out, block.Stride, config.Expansion, block.InHeight, block.InWidth, block.OutHeight, block.OutWidth);
        }
        var last = plan[^1];
        return new BackboneCost(cost, new FeatureMap(last.Out, last.OutHeight, last.OutWidth)) { Taps = [.. Taps(plan).Select(t => t.Map)] };
    }

    /// <summary>The channels the head widens the features to before pooling: the classifier's input.</summary>
    private static int HeadWidth(MobileNetV2Config config) => Scale(FeatureWidth, Math.Max(config.WidthMultiplier, 1.0));

    /// <summary>
    /// Rounds a scaled width to the nearest multiple of 8 (at least 8), never more than 10 % below the
    /// exact value: channel counts in multiples of 8 suit vectorised kernels (Sandler et al. 2018).
    /// </summary>
    internal static int Scale(int channels, double multiplier)
    {
        double exact = channels * multiplier;
        int rounded = Math.Max(8, (int)(exact + 4) / 8 * 8);
        return rounded < 0.9 * exact ? rounded + 8 : rounded;
    }

    /// <summary>Every block's channels, stride and sizes; the one place the layout is decided.</summary>
    private static List<(int Stage, int Index, int In, int Out, int Stride, int InHeight, int InWidth, int OutHeight, int OutWidth)> Plan(
        MobileNetV2Config config, ImageShape input)
    {
        Validate(config);
        var (height, width) = Stems.OutputSize(config.Stem, input);
        var plan = new List<(int, int, int, int, int, int, int, int, int)>();
        int inChannels = Scale(StageWidths[0], config.WidthMultiplier);
        for (int stage = 0; stage < StageWidths.Length; stage++)
        {
            int outChannels = Scale(StageWidths[stage], config.WidthMultiplier);
            for (int index = 0; index < config.Depth; index++)
            {
                int stride = stage > 0 && index == 0 && Math.Min(height, width) >= MinSideToStride ? 2 : 1;
                int outHeight = ConvArithmetic.OutputSize(height, 3, stride, 1);
                int outWidth = ConvArithmetic.OutputSize(width, 3, stride, 1);
                plan.Add((stage, index, inChannels, outChannels, stride, height, width, outHeight, outWidth));
                (height, width, inChannels) = (outHeight, outWidth, outChannels);
            }
        }
        return plan;
    }

    private static void Validate(MobileNetV2Config config)
    {
        ModelValidation.CheckRange(config, config.WidthMultiplier, 0.25, 2);
        ModelValidation.CheckRange(config, config.Expansion, 1, 6);
        ModelValidation.CheckRange(config, config.Depth, 1, 4);
        ModelValidation.CheckStem(config, config.Stem);
        ModelValidation.CheckDropout(config);
    }
}
