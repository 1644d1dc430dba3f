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
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(ModelConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (classes < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, "A classifier needs at least two classes.");
        }
        return config switch
        {
            PlainCnnConfig plain => new PlainCnn(plain, input, classes),
            _ => throw new NotSupportedException($"No network is registered for the model family '{config.Family}'."),
        };
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
