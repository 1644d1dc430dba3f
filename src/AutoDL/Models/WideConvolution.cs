using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>
/// Runs a convolution with few output channels as one whose output channels are a multiple of 16, the extra filters
/// zero, and keeps the real channels: the same outputs and gradients, the same parameters and state dict. On CPUs that
/// hide their cache sizes, oneDNN's AVX2 kernels (the cap <see cref="Runtime.OneDnnIsaCap"/> applies there) compute
/// wrong input gradients for 3×3 convolutions in the standard layout whose output channels are not a multiple of 8
/// (NaN, or errors of 40–80 %, on a Zen 5 VM: docs/troubleshooting.md). A detector's predictions (classes, four
/// distances, centre-ness) are such convolutions, and its training diverged in its first steps there.
/// </summary>
internal static class WideConvolution
{
    private const int ChannelMultiple = 16;

    /// <summary><paramref name="convolution"/> applied to <paramref name="input"/>, a stride-1 convolution padded to keep its size.</summary>
    public static Tensor Forward(Conv2d convolution, Tensor input)
    {
        ArgumentNullException.ThrowIfNull(convolution);
        var weight = convolution.weight!;
        long outChannels = weight.shape[0];
        long padded = (outChannels + ChannelMultiple - 1) / ChannelMultiple * ChannelMultiple;
        if (padded == outChannels)
        {
            return convolution.forward(input);
        }
        var extra = zeros([padded - outChannels, .. weight.shape[1..]], weight.dtype, weight.device);
        var bias = convolution.bias is { } b ? cat([b, zeros(padded - outChannels, b.dtype, b.device)], 0) : null;
        long kernel = weight.shape[2];
        return nn.functional.conv2d(input, cat([weight, extra], 0), bias, padding: [kernel / 2, weight.shape[3] / 2]).narrow(1, 0, outChannels);
    }
}
