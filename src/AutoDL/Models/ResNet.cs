using AutoDL.Data;
using AutoDL.Models.Heads;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// The network of a <see cref="ResNetConfig"/>: a backbone of a stem and <see cref="ResNetConfig.Stages"/> stages of
/// <see cref="BasicBlock"/>s (stage i has BaseWidth·2^i channels; every stage after the first halves the resolution
/// unless the map is already one pixel, or is the last and dilated), under a <see cref="ClassificationHead"/>.
/// </summary>
internal static class ResNet
{
    /// <summary>The classifier: the backbone, a classification head, and the shared initialisation.</summary>
    public static BackboneWithHead Create(ResNetConfig config, ImageShape input, int classes)
    {
        var backbone = CreateBackbone(config, input);
        var network = new BackboneWithHead(nameof(ResNet), backbone, ClassificationHead.Create(backbone.Output.Channels, config.Dropout, classes));
        WeightInit.ApplyWithIdentityResiduals(network);
        return network;
    }

    /// <summary>The stem and the stages, registered as "_stem" and "_blocks".</summary>
    public static Backbone CreateBackbone(ResNetConfig config, ImageShape input)
    {
        var plan = Plan(config, input);
        var stem = Stems.Create(config.Stem, input.Channels, config.BaseWidth, () => ReLU(inplace: true));
        var blocks = new List<(string, Module<Tensor, Tensor>)>();
        foreach (var block in plan)
        {
            blocks.Add(($"stage{block.Stage}_{block.Index}", new BasicBlock(block.In, block.Out, block.Stride, block.Dilation)));
        }
        var last = plan[^1];
        // The last block of each stage ends a resolution: a feature pyramid takes its output.
        var taps = plan.Select((block, child) => (block, child))
            .Where(b => b.block.Index == config.BlocksPerStage - 1)
            .Select(b => new FeatureTap(1, b.child, new FeatureMap(b.block.Out, b.block.OutHeight, b.block.OutWidth)))
            .ToList();
        return new Backbone([("_stem", stem), ("_blocks", Sequential(blocks))], new FeatureMap(last.Out, last.OutHeight, last.OutWidth)) { Taps = taps };
    }

    /// <summary>What the classifier costs on one image (see <see cref="NetworkCost"/>), from the same plan it is built from.</summary>
    public static NetworkCost Cost(ResNetConfig config, ImageShape input, int classes)
    {
        var backbone = BackboneCost(config, input);
        return backbone.Cost + ClassificationHead.Cost(backbone.Output.Channels, classes);
    }

    /// <summary>What the backbone costs on one image, and the map it outputs.</summary>
    public static BackboneCost BackboneCost(ResNetConfig config, ImageShape input)
    {
        var plan = Plan(config, input);
        var cost = Stems.Cost(config.Stem, input, config.BaseWidth);
        foreach (var block in plan)
        {
            cost += BasicBlock.Cost(block.In, block.Out, block.Stride, block.OutHeight, block.OutWidth);
        }
        var last = plan[^1];
        var taps = plan.Where(b => b.Index == config.BlocksPerStage - 1).Select(b => new FeatureMap(b.Out, b.OutHeight, b.OutWidth)).ToList();
        return new BackboneCost(cost, new FeatureMap(last.Out, last.OutHeight, last.OutWidth)) { Taps = taps };
    }

    /// <summary>Every block's channels, stride and output size; the one place the layout is decided.</summary>
    private static List<(int Stage, int Index, int In, int Out, int Stride, int Dilation, int OutHeight, int OutWidth)> Plan(ResNetConfig config, ImageShape input)
    {
        Validate(config);
        var (height, width) = Stems.OutputSize(config.Stem, input);
        var plan = new List<(int, int, int, int, int, int, int, int)>();
        int inChannels = config.BaseWidth;
        for (int stage = 0; stage < config.Stages; stage++)
        {
            int outChannels = config.BaseWidth << stage;
            bool dilated = config.DilateLastStage && stage > 0 && stage == config.Stages - 1;
            for (int index = 0; index < config.BlocksPerStage; index++)
            {
                int stride = stage > 0 && index == 0 && !dilated ? ConvArithmetic.DownsampleStride(height, width) : 1;
                height = ConvArithmetic.OutputSize(height, 3, stride, 1);
                width = ConvArithmetic.OutputSize(width, 3, stride, 1);
                plan.Add((stage, index, inChannels, outChannels, stride, dilated ? 2 : 1, height, width));
                inChannels = outChannels;
            }
        }
        return plan;
    }

    private static void Validate(ResNetConfig config)
    {
        ModelValidation.CheckRange(config, config.Stages, 2, 4);
        ModelValidation.CheckRange(config, config.BlocksPerStage, 1, 4);
        // 512 keeps the widest (fourth) stage at 4096 channels, far beyond what a search would want.
        ModelValidation.CheckRange(config, config.BaseWidth, 1, 512);
        ModelValidation.CheckStem(config, config.Stem);
        ModelValidation.CheckDropout(config);
    }
}
