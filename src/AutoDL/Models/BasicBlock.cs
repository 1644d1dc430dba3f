using AutoDL.Internal;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>
/// The basic residual block of He et al. 2016: two 3×3 convolutions with batch norm, added to a shortcut
/// that is the identity, or a strided 1×1 projection with batch norm when the shape changes ("option B").
/// </summary>
internal sealed class BasicBlock : Module<Tensor, Tensor>, IResidualBlock
{
    private readonly Conv2d _conv1;
    private readonly BatchNorm2d _bn1;
    private readonly Conv2d _conv2;
    private readonly BatchNorm2d _bn2;
    // Null when the shortcut is the identity; a module that returned its input would let callers dispose it twice.
    private readonly Sequential? _projection;

    /// <param name="inChannels">Channels in.</param>
    /// <param name="outChannels">Channels out.</param>
    /// <param name="stride">The first convolution's (and the projection's) stride.</param>
    /// <param name="dilation">Both 3×3 convolutions' dilation (padded to keep the size): 2 in a dilated stage.</param>
    public BasicBlock(int inChannels, int outChannels, int stride, int dilation = 1)
        : base(nameof(BasicBlock))
    {
        _conv1 = Conv2d(inChannels, outChannels, 3, stride: stride, padding: dilation, dilation: dilation, bias: false);
        _bn1 = BatchNorm2d(outChannels);
        _conv2 = Conv2d(outChannels, outChannels, 3, padding: dilation, dilation: dilation, bias: false);
        _bn2 = BatchNorm2d(outChannels);
        _projection = stride == 1 && inChannels == outChannels
            ? null
            : Sequential(
                ("conv", Conv2d(inChannels, outChannels, 1, stride: stride, bias: false)),
                ("bn", BatchNorm2d(outChannels)));
        RegisterComponents();
    }

    /// <summary>The residual branch in forward order: conv1, bn1, (ReLU), conv2, bn2.</summary>
    internal (Conv2d Conv1, BatchNorm2d Norm1, Conv2d Conv2, BatchNorm2d Norm2) Branch => (_conv1, _bn1, _conv2, _bn2);

    /// <summary>The shortcut's 1×1 projection and batch norm; null when the shortcut is the identity.</summary>
    internal Sequential? Projection => _projection;

    /// <summary>Makes the residual branch start at zero; call after the general initialisation.</summary>
    public void ZeroInitResidual() => WeightInit.ZeroResidualScale(_bn2);

    public override Tensor forward(Tensor input)
    {
        using var a = _conv1.forward(input);
        using var b = _bn1.forward(a);
        using var c = functional.relu(b);
        using var d = _conv2.forward(c);
        using var e = _bn2.forward(d);
        if (_projection is null)
        {
            using var identitySum = e.add(input, HeldScalars.One);
            return functional.relu(identitySum);
        }
        using var shortcut = _projection.forward(input);
        using var sum = e.add(shortcut, HeldScalars.One);
        return functional.relu(sum);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _conv1.Dispose();
            _bn1.Dispose();
            _conv2.Dispose();
            _bn2.Dispose();
            _projection?.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>What the block costs on one image whose output is <paramref name="outHeight"/> × <paramref name="outWidth"/>.</summary>
    public static NetworkCost Cost(int inChannels, int outChannels, int stride, int outHeight, int outWidth)
    {
        // conv1+bn1, relu, conv2+bn2, the sum and the final relu each write a new map (forward above).
        var cost = NetworkCost.ConvNorm(inChannels, outChannels, 3, outHeight, outWidth)
            + NetworkCost.Map(outChannels, outHeight, outWidth)
            + NetworkCost.ConvNorm(outChannels, outChannels, 3, outHeight, outWidth)
            + NetworkCost.Map(outChannels, outHeight, outWidth)
            + NetworkCost.Map(outChannels, outHeight, outWidth);
        if (stride != 1 || inChannels != outChannels)
        {
            cost += NetworkCost.ConvNorm(inChannels, outChannels, 1, outHeight, outWidth);
        }
        return cost;
    }
}
