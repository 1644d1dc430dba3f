using AutoDL.Data;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace AutoDL.Models;

/// <summary>The first layers of a network for each <see cref="StemKind"/>, with their geometry and cost.</summary>
internal static class Stems
{
    /// <summary>Convolution, batch norm and activation (plus max-pool for <see cref="StemKind.Conv7Pool"/>).</summary>
    public static Sequential Create(StemKind kind, int inChannels, int outChannels, Func<Module<Tensor, Tensor>> activation) => kind switch
    {
        StemKind.Conv3 => Sequential(
            ("conv", Conv2d(inChannels, outChannels, 3, padding: 1, bias: false)),
            ("bn", BatchNorm2d(outChannels)),
            ("act", activation())),
        StemKind.Conv3Stride2 => Sequential(
            ("conv", Conv2d(inChannels, outChannels, 3, stride: 2, padding: 1, bias: false)),
            ("bn", BatchNorm2d(outChannels)),
            ("act", activation())),
        StemKind.Conv7Pool => Sequential(
            ("conv", Conv2d(inChannels, outChannels, 7, stride: 2, padding: 3, bias: false)),
            ("bn", BatchNorm2d(outChannels)),
            ("act", activation()),
            ("pool", MaxPool2d(3, stride: 2, padding: 1))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stem kind."),
    };

    /// <summary>Height and width of the stem's output for an input of the given shape.</summary>
    public static (int Height, int Width) OutputSize(StemKind kind, ImageShape input) => kind switch
    {
        StemKind.Conv3 => (input.Height, input.Width),
        StemKind.Conv3Stride2 => (ConvArithmetic.OutputSize(input.Height, 3, 2, 1), ConvArithmetic.OutputSize(input.Width, 3, 2, 1)),
        StemKind.Conv7Pool => (
            ConvArithmetic.OutputSize(ConvArithmetic.OutputSize(input.Height, 7, 2, 3), 3, 2, 1),
            ConvArithmetic.OutputSize(ConvArithmetic.OutputSize(input.Width, 7, 2, 3), 3, 2, 1)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stem kind."),
    };

    /// <summary>
    /// What the stem costs on one image, the input image included (the first convolution keeps it for the
    /// backward pass): convolution, batch norm, activation, and the max-pool of <see cref="StemKind.Conv7Pool"/>.
    /// </summary>
    public static NetworkCost Cost(StemKind kind, ImageShape input, int outChannels)
    {
        int kernel = kind == StemKind.Conv7Pool ? 7 : 3;
        // Only the 7×7 stem pools after its convolution; the others' convolution output is the stem's output.
        var (height, width) = kind == StemKind.Conv7Pool
            ? (ConvArithmetic.OutputSize(input.Height, 7, 2, 3), ConvArithmetic.OutputSize(input.Width, 7, 2, 3))
            : OutputSize(kind, input);
        var cost = NetworkCost.Map(input.Channels, input.Height, input.Width)
            + NetworkCost.ConvNorm(input.Channels, outChannels, kernel, height, width)
            + NetworkCost.Map(outChannels, height, width);
        if (kind == StemKind.Conv7Pool)
        {
            var (pooledHeight, pooledWidth) = OutputSize(kind, input);
            cost += NetworkCost.MaxPool(outChannels, pooledHeight, pooledWidth);
        }
        return cost;
    }
}
