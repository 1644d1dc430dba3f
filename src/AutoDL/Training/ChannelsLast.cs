using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Training;

/// <summary>
/// Channels-last (NHWC) layout for training. TorchSharp 0.107 has no <c>memory_format</c> argument, but libtorch
/// picks its NHWC convolution kernels from the strides of the input and weights, and a permute, copy and permute back
/// gives exactly the strides that PyTorch's <c>to(memory_format=torch.channels_last)</c> gives.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>The same N×C×H×W values, laid out channel-fastest in memory.</summary>
    public static Tensor Convert(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    /// <summary>
    /// Relays every convolution's weights out channels-last. Call it before the optimiser is made: the optimiser
    /// holds the parameters it was given, and these are new ones.
    /// </summary>
    public static void ConvertConvolutionWeights(nn.Module network)
    {
        using var noGrad = no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is Conv2d convolution)
            {
                // The setter disposes the weights it replaces.
                using var relaid = Convert(convolution.weight);
                convolution.weight = new Parameter(relaid.detach());
            }
        }
    }
}
