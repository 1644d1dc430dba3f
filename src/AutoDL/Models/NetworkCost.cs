namespace AutoDL.Models;

/// <summary>
/// What a network, or one of its layers, costs for one image, counted from its layout without building it:
/// a family walks its plan once and adds up these figures, so multiply-adds, parameters and activations can
/// never disagree about the geometry.
/// </summary>
/// <param name="MultiplyAdds">Forward multiply-adds of convolutions and the classifier (norms, activations and pooling are left out; they are a few percent).</param>
/// <param name="Parameters">Trainable parameters, exactly as <see cref="ModelFactory.CountParameters"/> counts them on the built network.</param>
/// <param name="ActivationElements">
/// Elements of every layer's output (convolution, batch norm, activation, pooling, residual sum, classifier)
/// plus the input image: an upper bound on what autograd keeps for the backward pass, before the measured
/// factor of <see cref="ModelFactory.EstimateTrainingMemoryBytes"/>.
/// </param>
internal readonly record struct NetworkCost(long MultiplyAdds, long Parameters, long ActivationElements)
{
    public static NetworkCost operator +(NetworkCost left, NetworkCost right) => new(
        left.MultiplyAdds + right.MultiplyAdds,
        left.Parameters + right.Parameters,
        left.ActivationElements + right.ActivationElements);

    /// <summary>A convolution without bias followed by batch norm (two parameters per channel), as every family builds them.</summary>
    public static NetworkCost ConvNorm(int inChannels, int outChannels, int kernel, int outHeight, int outWidth, int groups = 1)
    {
        long map = (long)outChannels * outHeight * outWidth;
        return new(
            ConvArithmetic.MultiplyAdds(inChannels, outChannels, kernel, outHeight, outWidth, groups),
            ((long)inChannels / groups * outChannels * kernel * kernel) + (2L * outChannels),
            2 * map);
    }

    /// <summary>
    /// A layer without parameters that writes a new map of this size: activation, residual sum or average
    /// pooling. An in-place activation is counted too, which keeps the count an upper bound.
    /// </summary>
    public static NetworkCost Map(int channels, int height, int width) => new(0, 0, (long)channels * height * width);

    /// <summary>
    /// Max pooling with output of this size: in training libtorch keeps the int64 index of every maximum
    /// for the backward pass, two float elements' worth each.
    /// </summary>
    public static NetworkCost MaxPool(int channels, int height, int width) => new(0, 0, 3L * channels * height * width);

    /// <summary>A linear classifier with bias.</summary>
    public static NetworkCost Linear(int inFeatures, int outFeatures) =>
        new((long)inFeatures * outFeatures, ((long)inFeatures * outFeatures) + outFeatures, outFeatures);
}
