using AutoDL.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>Turns a <see cref="ModelConfig"/> into a freshly initialised TorchSharp network.</summary>
public static class ModelFactory
{
    /// <summary>
    /// Builds the network for <paramref name="config"/>. It takes normalised float images
    /// (N × C × H × W) of <paramref name="input"/>'s shape and returns N × <paramref name="classes"/> logits.
    /// Weights come from torch's global generator: the same <c>torch.manual_seed</c> builds the same weights.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A configuration field is outside its documented range (the message names it), fewer than two classes, or an empty image.</exception>
    public static nn.Module<Tensor, Tensor> Create(ModelConfig config, ImageShape input, int classes)
    {
        CheckArguments(config, input, classes);
        return config switch
        {
            PlainCnnConfig plain => new PlainCnn(plain, input, classes),
            ResNetConfig resNet => new ResNet(resNet, input, classes),
            MobileNetV2Config mobileNet => new MobileNetV2(mobileNet, input, classes),
            _ => throw new NotSupportedException($"No network is registered for the model family '{config.Family}'."),
        };
    }

    /// <summary>
    /// Approximate forward multiply-adds for one image: every convolution and the classifier, counted
    /// analytically from the same layout the network is built from (batch norms, activations, pooling and
    /// additions are left out; they are a few percent). Allocates no weights and draws no random numbers,
    /// so a search can cost candidates cheaply without disturbing seeds. Training costs roughly three times this.
    /// </summary>
    public static long EstimateMultiplyAdds(ModelConfig config, ImageShape input, int classes)
    {
        CheckArguments(config, input, classes);
        return config switch
        {
            PlainCnnConfig plain => PlainCnn.EstimateMultiplyAdds(plain, input, classes),
            ResNetConfig resNet => ResNet.EstimateMultiplyAdds(resNet, input, classes),
            MobileNetV2Config mobileNet => MobileNetV2.EstimateMultiplyAdds(mobileNet, input, classes),
            _ => throw new NotSupportedException($"No network is registered for the model family '{config.Family}'."),
        };
    }

    private static void CheckArguments(ModelConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classifier needs at least two classes.");
        }
        if (input.Channels < 1 || input.Height < 1 || input.Width < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(input), input, $"An image needs at least one channel and one pixel, not {input}.");
        }
    }

    /// <summary>Trainable parameters of a network.</summary>
    public static long CountParameters(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        long total = 0;
        foreach (var p in module.parameters())
        {
            total += p.numel();
        }
        return total;
    }
}
