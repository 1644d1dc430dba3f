namespace AutoDL.Models;

/// <summary>
/// Output sizes and multiply-add counts of convolutions, shared by the networks (to build them) and by
/// <see cref="ModelFactory.EstimateMultiplyAdds(ModelConfig, AutoDL.Data.ImageShape, int)"/> (to cost them without allocating weights), so both
/// always agree on the geometry.
/// </summary>
internal static class ConvArithmetic
{
    /// <summary>Side of a convolution's or pooling's output, as PyTorch computes it (floor mode).</summary>
    public static int OutputSize(int size, int kernel, int stride, int padding) => ((size + (2 * padding) - kernel) / stride) + 1;

    /// <summary>Multiply-adds of one convolution on one image; grouped (depthwise) convolutions see only their group.</summary>
    public static long MultiplyAdds(int inChannels, int outChannels, int kernel, int outHeight, int outWidth, int groups = 1) =>
        (long)inChannels / groups * outChannels * kernel * kernel * outHeight * outWidth;

    /// <summary>
    /// The stride a downsampling stage should use: 2, unless the map is already a single pixel wide or
    /// high, where striding would only skip data without reducing anything.
    /// </summary>
    public static int DownsampleStride(int height, int width) => Math.Min(height, width) > 1 ? 2 : 1;
}
