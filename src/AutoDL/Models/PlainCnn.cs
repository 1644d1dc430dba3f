using AutoDL.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>The network of a <see cref="PlainCnnConfig"/>.</summary>
internal sealed class PlainCnn : Module<Tensor, Tensor>
{
    private readonly Sequential _features;
    private readonly Sequential _head;

    public PlainCnn(PlainCnnConfig config, ImageShape input, int classes)
        : base(nameof(PlainCnn))
    {
        if (config.Blocks is < 1 or > 4 || config.BaseWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, "PlainCnn needs 1–4 blocks and a positive width.");
        }
        ModelValidation.CheckDropout(config);
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        int inChannels = input.Channels;
        int width = config.BaseWidth;
        for (int b = 0; b < config.Blocks; b++)
        {
            layers.Add(($"conv{b}a", Conv2d(inChannels, width, 3, padding: 1, bias: false)));
            layers.Add(($"bn{b}a", BatchNorm2d(width)));
            layers.Add(($"relu{b}a", ReLU(inplace: true)));
            layers.Add(($"conv{b}b", Conv2d(width, width, 3, padding: 1, bias: false)));
            layers.Add(($"bn{b}b", BatchNorm2d(width)));
            layers.Add(($"relu{b}b", ReLU(inplace: true)));
            // Pool only while the map is large enough to halve; tiny inputs keep their last pixels.
            if (Math.Min(input.Height, input.Width) >> (b + 1) >= 1)
            {
                layers.Add(($"pool{b}", MaxPool2d(2)));
            }
            inChannels = width;
            width *= 2;
        }
        layers.Add(("gap", AdaptiveAvgPool2d(1)));
        layers.Add(("flatten", Flatten()));
        _features = Sequential(layers);
        _head = Sequential(("dropout", nn.Dropout(config.Dropout)), ("fc", Linear(inChannels, classes)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) => _head.forward(_features.forward(input));

    /// <summary>Approximate forward multiply-adds per image: convolutions and the classifier, on the constructor's geometry.</summary>
    public static long EstimateMultiplyAdds(PlainCnnConfig config, ImageShape input, int classes)
    {
        if (config.Blocks is < 1 or > 4 || config.BaseWidth < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(config), config, "PlainCnn needs 1–4 blocks and a positive width.");
        }
        long macs = 0;
        int inChannels = input.Channels;
        int width = config.BaseWidth;
        int h = input.Height;
        int w = input.Width;
        for (int b = 0; b < config.Blocks; b++)
        {
            macs += ConvArithmetic.MultiplyAdds(inChannels, width, 3, h, w) + ConvArithmetic.MultiplyAdds(width, width, 3, h, w);
            if (Math.Min(input.Height, input.Width) >> (b + 1) >= 1)
            {
                h /= 2;
                w /= 2;
            }
            inChannels = width;
            width *= 2;
        }
        return macs + ((long)inChannels * classes);
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
