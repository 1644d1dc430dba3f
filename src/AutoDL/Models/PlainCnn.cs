using AutoDL.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>The network of a <see cref="PlainCnnConfig"/>.</summary>
internal sealed class PlainCnn : Module<Tensor, Tensor>, ISequentialNetwork
{
    private readonly Sequential _features;
    private readonly Sequential _head;

    public PlainCnn(PlainCnnConfig config, ImageShape input, int classes)
        : base(nameof(PlainCnn))
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
        layers.Add(("gap", AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", Flatten()));
        _features = Sequential(layers);
        _head = Sequential(("dropout", nn.Dropout(config.Dropout)), ("fc", Linear(plan[^1].Out, classes)));
        RegisterComponents();
    }

    /// <inheritdoc />
    public IEnumerable<Module<Tensor, Tensor>> Parts => [_features, _head];

    public override Tensor forward(Tensor input) => _head.forward(_features.forward(input));

    /// <summary>What the network costs on one image (see <see cref="NetworkCost"/>), from the same plan it is built from.</summary>
    public static NetworkCost Cost(PlainCnnConfig config, ImageShape input, int classes)
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
        return cost + NetworkCost.Map(plan[^1].Out, 1, 1) + NetworkCost.Linear(plan[^1].Out, classes);
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

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _features.Dispose();
            _head.Dispose();
        }
        base.Dispose(disposing);
    }
}
