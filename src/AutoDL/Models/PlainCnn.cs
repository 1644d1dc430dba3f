using AutoDL.Data;
using AutoDL.Models.Heads;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// The network of a <see cref="PlainCnnConfig"/>: a backbone of conv-BN-ReLU pairs, each block but those on tiny maps
/// ending in a 2×2 max-pool, under a <see cref="ClassificationHead"/>. It keeps TorchSharp's default initialisation.
/// </summary>
internal static class PlainCnn
{
    /// <summary>The classifier: the backbone and a classification head.</summary>
    public static BackboneWithHead Create(PlainCnnConfig config, ImageShape input, int classes)
    {
        var backbone = CreateBackbone(config, input);
        return new BackboneWithHead(nameof(PlainCnn), backbone, ClassificationHead.Create(backbone.Output.Channels, config.Dropout, classes));
    }

    /// <summary>The convolution blocks, registered as "_features".</summary>
    public static Backbone CreateBackbone(PlainCnnConfig config, ImageShape input)
    {
        var plan = Plan(config, input);
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        foreach (var block in plan)
        {
            int b = block.Index;
            layers.Add(($"conv{b}a", Conv2d(block.In, block.Out, 3, padding: 1, bias: false)));
            layers.Add(($"bn{b}a", BatchNorm2d(block.Out)));
            layers.Add(($"relu{b}a", ReLU(inplace: true)));
            layers.Add(($"conv{b}b", Conv2d(block.Out, block.Out, 3, padding: 1, bias: false)));
            layers.Add(($"bn{b}b", BatchNorm2d(block.Out)));
            layers.Add(($"relu{b}b", ReLU(inplace: true)));
            if (block.Pool)
            {
                layers.Add(($"pool{b}", MaxPool2d(2)));
            }
        }
        return new Backbone([("_features", Sequential(layers))], Output(plan)) { Taps = Taps(plan) };
    }

    /// <summary>Each block's output (after its pooling): a feature pyramid taps the maps at each halving.</summary>
    private static List<FeatureTap> Taps(List<(int Index, int In, int Out, int Height, int Width, bool Pool)> plan)
    {
        var taps = new List<FeatureTap>(plan.Count);
        int child = -1;
        foreach (var block in plan)
        {
            // Two convolutions, batch norms and ReLUs a block, and its pooling: the block's last layer ends it.
            child += block.Pool ? 7 : 6;
            taps.Add(new FeatureTap(0, child, block.Pool
                ? new FeatureMap(block.Out, ConvArithmetic.OutputSize(block.Height, 2, 2, 0), ConvArithmetic.OutputSize(block.Width, 2, 2, 0))
                : new FeatureMap(block.Out, block.Height, block.Width)));
        }
        return taps;
    }

    /// <summary>What the classifier costs on one image (see <see cref="NetworkCost"/>), from the same plan it is built from.</summary>
    public static NetworkCost Cost(PlainCnnConfig config, ImageShape input, int classes)
    {
        var backbone = BackboneCost(config, input);
        return backbone.Cost + ClassificationHead.Cost(backbone.Output.Channels, classes);
    }

    /// <summary>What the backbone costs on one image, and the map it outputs.</summary>
    public static BackboneCost BackboneCost(PlainCnnConfig config, ImageShape input)
    {
        var plan = Plan(config, input);
        var cost = NetworkCost.Map(input.Channels, input.Height, input.Width);
        foreach (var block in plan)
        {
            // Two convolutions with batch norm and ReLU at the block's input size, then the optional 2×2 max-pool.
            cost += NetworkCost.ConvNorm(block.In, block.Out, 3, block.Height, block.Width)
                + NetworkCost.Map(block.Out, block.Height, block.Width)
                + NetworkCost.ConvNorm(block.Out, block.Out, 3, block.Height, block.Width)
                + NetworkCost.Map(block.Out, block.Height, block.Width);
            if (block.Pool)
            {
                cost += NetworkCost.MaxPool(block.Out, ConvArithmetic.OutputSize(block.Height, 2, 2, 0), ConvArithmetic.OutputSize(block.Width, 2, 2, 0));
            }
        }
        return new BackboneCost(cost, Output(plan)) { Taps = [.. Taps(plan).Select(t => t.Map)] };
    }

    private static FeatureMap Output(List<(int Index, int In, int Out, int Height, int Width, bool Pool)> plan)
    {
        var last = plan[^1];
        return last.Pool
            ? new FeatureMap(last.Out, ConvArithmetic.OutputSize(last.Height, 2, 2, 0), ConvArithmetic.OutputSize(last.Width, 2, 2, 0))
            : new FeatureMap(last.Out, last.Height, last.Width);
    }

    /// <summary>Every block's channels, the size its convolutions see and whether it pools; the one place the layout is decided.</summary>
    private static List<(int Index, int In, int Out, int Height, int Width, bool Pool)> Plan(PlainCnnConfig config, ImageShape input)
    {
        if (config.Blocks is < 1 or > 4 || config.BaseWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, "PlainCnn needs 1–4 blocks and a positive width.");
        }
        ModelValidation.CheckDropout(config);
        var plan = new List<(int, int, int, int, int, bool)>();
        int inChannels = input.Channels;
        int height = input.Height;
        int width = input.Width;
        for (int b = 0; b < config.Blocks; b++)
        {
            int outChannels = config.BaseWidth << b;
            // Pool only while the map is large enough to halve; tiny inputs keep their last pixels.
            bool pool = Math.Min(input.Height, input.Width) >> (b + 1) >= 1;
            plan.Add((b, inChannels, outChannels, height, width, pool));
            if (pool)
            {
                height = ConvArithmetic.OutputSize(height, 2, 2, 0);
                width = ConvArithmetic.OutputSize(width, 2, 2, 0);
            }
            inChannels = outChannels;
        }
        return plan;
    }
}
