using AutoDL.Internal;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// The inverted residual with linear bottleneck of MobileNetV2 (Sandler et al. 2018): 1×1 expansion
/// (skipped when the factor is 1), 3×3 depthwise convolution, 1×1 projection without activation
/// (a ReLU on the narrow bottleneck would destroy information), and a residual connection when the
/// block keeps the shape.
/// </summary>
internal sealed class InvertedResidual : Module<Tensor, Tensor>, IResidualBlock
{
    private readonly Sequential _body;
    private readonly BatchNorm2d _projectionNorm;
    private readonly bool _residual;

    public InvertedResidual(int inChannels, int outChannels, int stride, int expansion)
        : base(nameof(InvertedResidual))
    {
        int hidden = inChannels * expansion;
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        if (expansion != 1)
        {
            layers.Add(("expand", Conv2d(inChannels, hidden, 1, bias: false)));
            layers.Add(("expand_bn", BatchNorm2d(hidden)));
            layers.Add(("expand_act", ReLU6(inplace: true)));
        }
        layers.Add(("depthwise", Conv2d(hidden, hidden, 3, stride: stride, padding: 1, groups: hidden, bias: false)));
        layers.Add(("depthwise_bn", BatchNorm2d(hidden)));
        layers.Add(("depthwise_act", ReLU6(inplace: true)));
        layers.Add(("project", Conv2d(hidden, outChannels, 1, bias: false)));
        _projectionNorm = BatchNorm2d(outChannels);
        layers.Add(("project_bn", _projectionNorm));
        _body = Sequential(layers);
        _residual = stride == 1 && inChannels == outChannels;
        RegisterComponents();
    }

    /// <summary>Expansion, depthwise and projection layers in forward order.</summary>
    internal Sequential Body => _body;

    /// <summary>Whether the block adds its input to the body's output.</summary>
    internal bool HasResidual => _residual;

    /// <summary>
    /// Makes a residual block start as the identity; blocks without a residual keep their projection
    /// scale, or their output (the next block's only input) would start at zero.
    /// </summary>
    public void ZeroInitResidual()
    {
        if (_residual)
        {
            WeightInit.ZeroResidualScale(_projectionNorm);
        }
    }

    public override Tensor forward(Tensor input)
    {
        if (!_residual)
        {
            return _body.forward(input);
        }
        using var branch = _body.forward(input);
        return branch.add(input, HeldScalars.One);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>What the block costs on one image, from its input and output sizes.</summary>
    public static NetworkCost Cost(int inChannels, int outChannels, int stride, int expansion, int inHeight, int inWidth, int outHeight, int outWidth)
    {
        int hidden = inChannels * expansion;
        var cost = default(NetworkCost);
        if (expansion != 1)
        {
            cost += NetworkCost.ConvNorm(inChannels, hidden, 1, inHeight, inWidth) + NetworkCost.Map(hidden, inHeight, inWidth);
        }
        cost += NetworkCost.ConvNorm(hidden, hidden, 3, outHeight, outWidth, groups: hidden)
            + NetworkCost.Map(hidden, outHeight, outWidth)
            + NetworkCost.ConvNorm(hidden, outChannels, 1, outHeight, outWidth);
        return stride == 1 && inChannels == outChannels ? cost + NetworkCost.Map(outChannels, outHeight, outWidth) : cost;
    }
}
