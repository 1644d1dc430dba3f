namespace AutoDL.Runtime;

/// <summary>
/// How far one float32 convolution lay from its float64 reference, each error relative to the largest reference value
/// of the same tensor.
/// </summary>
/// <param name="Convolution">The convolution, as a person would name it (kernel, stride, channels, input size).</param>
/// <param name="ChannelsLast">Whether the float32 tensors were laid out channels-last, as training lays them.</param>
/// <param name="OutputError">Relative error of the output (NaN when the output held a non-finite value).</param>
/// <param name="InputGradientError">Relative error of the gradient with respect to the input.</param>
/// <param name="WeightGradientError">Relative error of the gradient with respect to the weights.</param>
/// <param name="Passed">Whether all three were finite and within the tolerance.</param>
public sealed record ConvolutionCheckCase(
    string Convolution,
    bool ChannelsLast,
    double OutputError,
    double InputGradientError,
    double WeightGradientError,
    bool Passed)
{
    /// <summary>The largest of the three errors (NaN if any is NaN).</summary>
    public double WorstError => double.IsNaN(OutputError) || double.IsNaN(InputGradientError) || double.IsNaN(WeightGradientError)
        ? double.NaN
        : Math.Max(OutputError, Math.Max(InputGradientError, WeightGradientError));
}
