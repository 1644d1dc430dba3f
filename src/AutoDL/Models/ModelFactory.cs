using AutoDL.Data;
using static TorchSharp.torch;

namespace AutoDL.Models;

/// <summary>Turns a <see cref="ModelConfig"/> into a freshly initialised TorchSharp network.</summary>
public static class ModelFactory
{
    /// <summary>
    /// How many bytes of training memory each byte of <see cref="EstimateActivationElements"/> costs:
    /// the saved outputs themselves plus the gradients the backward pass holds while it runs, the kernels'
    /// scratch buffers and the allocator's slack. Measured (bench/results/memory-estimate.md, nine networks of
    /// every family, batches 64–256): 1.5 makes the estimate an upper bound for every run of 1 GiB or more, at
    /// 1.2–1.7× the measured peak, and under-estimates only networks of a few hundred MiB, by up to ~20 %.
    /// </summary>
    public const double ActivationMemoryFactor = 1.5;

    /// <summary>
    /// Builds the network for <paramref name="config"/>. It takes normalised float images
    /// (N × C × H × W) of <paramref name="input"/>'s shape and returns N × <paramref name="classes"/> logits.
    /// Weights come from torch's global generator: the same <c>torch.manual_seed</c> builds the same weights.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A configuration field is outside its documented range (the message names it), fewer than two classes, or an empty image.</exception>
    public static nn.Module<Tensor, Tensor> Create(ModelConfig config, ImageShape input, int classes)
    {
        CheckArguments(config, input, classes);
        return NetworkFamily.For(config).Create(input, classes);
    }

    /// <summary>
    /// The feature extractor of <paramref name="config"/>'s family for <paramref name="input"/>-shaped images, without a
    /// head: what a detection or segmentation head is put on. Its weights are TorchSharp's defaults until the caller
    /// initialises the whole network.
    /// </summary>
    internal static Backbone CreateBackbone(ModelConfig config, ImageShape input)
    {
        CheckArguments(config, input, classes: config.MinimumClasses);
        return NetworkFamily.For(config).CreateBackbone(input);
    }

    /// <summary>What <see cref="CreateBackbone"/>'s backbone costs on one image, and the feature map it outputs, counted without building it.</summary>
    internal static BackboneCost EstimateBackbone(ModelConfig config, ImageShape input)
    {
        CheckArguments(config, input, classes: config.MinimumClasses);
        return NetworkFamily.For(config).BackboneCost(input);
    }

    /// <summary>
    /// Approximate forward multiply-adds for one image: every convolution and the classifier, counted
    /// analytically from the same layout the network is built from (batch norms, activations, pooling and
    /// additions are left out; they are a few percent). Allocates no weights and draws no random numbers,
    /// so a search can cost candidates cheaply without disturbing seeds. Training costs roughly three times this.
    /// </summary>
    public static long EstimateMultiplyAdds(ModelConfig config, ImageShape input, int classes) => Cost(config, input, classes).MultiplyAdds;

    /// <summary>
    /// Trainable parameters of the network <see cref="Create"/> would build, counted from its layout: equal to
    /// <see cref="CountParameters"/> of the built network, without allocating weights or drawing random numbers.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Create"/>.</exception>
    public static long EstimateParameters(ModelConfig config, ImageShape input, int classes) => Cost(config, input, classes).Parameters;

    /// <summary>
    /// Elements of every layer's output for one image, the input included: an upper bound on the activations
    /// autograd keeps for the backward pass (an in-place activation is counted as if it wrote a new map).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Create"/>.</exception>
    public static long EstimateActivationElements(ModelConfig config, ImageShape input, int classes) => Cost(config, input, classes).ActivationElements;

    /// <summary>
    /// Approximate peak memory, in bytes, that training the network with AdamW on batches of
    /// <paramref name="batchSize"/> adds to the process: four float copies of the parameters (weights,
    /// gradients and AdamW's two moments) plus the batch's activations times <see cref="ActivationMemoryFactor"/>.
    /// Counted analytically like <see cref="EstimateMultiplyAdds"/>, so a search can skip a configuration that
    /// cannot fit before it allocates anything. The dataset and the runtime itself are not included.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">As for <see cref="Create"/>, or a batch size below one.</exception>
    public static long EstimateTrainingMemoryBytes(ModelConfig config, ImageShape input, int classes, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var cost = Cost(config, input, classes);
        const int FloatBytes = sizeof(float);
        double activations = (double)batchSize * cost.ActivationElements * FloatBytes * ActivationMemoryFactor;
        return (cost.Parameters * FloatBytes * 4) + (long)Math.Ceiling(activations);
    }

    private static NetworkCost Cost(ModelConfig config, ImageShape input, int classes)
    {
        CheckArguments(config, input, classes);
        return NetworkFamily.For(config).Cost(input, classes);
    }

    private static void CheckArguments(ModelConfig config, ImageShape input, int classes)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (classes < config.MinimumClasses)
        {
            throw new ArgumentOutOfRangeException(nameof(classes), classes, $"A {config.Family} network needs at least {config.MinimumClasses} class(es).");
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
