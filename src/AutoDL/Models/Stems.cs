using AutoDL.Data;
using TorchSharp;
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

    /// <summary>Multiply-adds of the stem's convolution on one image (pooling and norms are not counted).</summary>
    public static long MultiplyAdds(StemKind kind, ImageShape input, int outChannels) => kind switch
    {
        StemKind.Conv3 => ConvArithmetic.MultiplyAdds(input.Channels, outChannels, 3, input.Height, input.Width),
        StemKind.Conv3Stride2 => ConvArithmetic.MultiplyAdds(
            input.Channels, outChannels, 3, ConvArithmetic.OutputSize(input.Height, 3, 2, 1), ConvArithmetic.OutputSize(input.Width, 3, 2, 1)),
        StemKind.Conv7Pool => ConvArithmetic.MultiplyAdds(
            input.Channels, outChannels, 7, ConvArithmetic.OutputSize(input.Height, 7, 2, 3), ConvArithmetic.OutputSize(input.Width, 7, 2, 3)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown stem kind."),
    };
}
