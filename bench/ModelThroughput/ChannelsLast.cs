using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Bench.ModelThroughput;

/// <summary>
/// TorchSharp 0.107 has no memory_format argument, but libtorch picks its channels-last (NHWC) convolution
/// path from the strides of the input and weight, so a permute–contiguous–permute gives the same layout
/// that <c>x.to(memory_format=torch.channels_last)</c> does in PyTorch.
/// </summary>
internal static class ChannelsLast
{
    public static Tensor Convert(Tensor nchw) => nchw.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    public static void ConvertWeights(nn.Module network)
    {
        using var noGrad = torch.no_grad();
        foreach (var (_, module) in network.named_modules())
        {
            if (module is Conv2d conv)
            {
                conv.weight = new Parameter(Convert(conv.weight).detach());
            }
        }
    }

    /// <summary>Shows whether a convolution really keeps the NHWC layout (channel stride 1) in this build.</summary>
    public static string Probe()
    {
        using var scope = torch.NewDisposeScope();
        var x = Convert(torch.randn(2, 8, 6, 6));
        var w = Convert(torch.randn(16, 8, 3, 3));
        var y = nn.functional.conv2d(x, w, padding: [1, 1]);
        return $"channels-last probe: input strides [{string.Join(',', x.stride())}], conv output strides [{string.Join(',', y.stride())}] (channel stride 1 means NHWC is used)";
    }
}
