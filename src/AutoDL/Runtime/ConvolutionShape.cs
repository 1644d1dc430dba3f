namespace AutoDL.Runtime;

/// <summary>One convolution the self-check runs: square kernel, "same" padding, no bias, as the model families use them.</summary>
/// <param name="InChannels">Input channels.</param>
/// <param name="OutChannels">Output channels.</param>
/// <param name="Kernel">Kernel side (1 or 3).</param>
/// <param name="Stride">Stride (1 or 2).</param>
/// <param name="Groups">Groups: 1 for a full convolution, the channel count for a depthwise one.</param>
/// <param name="Size">Height and width of the input.</param>
internal sealed record ConvolutionShape(int InChannels, int OutChannels, int Kernel, int Stride, int Groups, int Size)
{
    public override string ToString() =>
        $"{Kernel}×{Kernel}{(Stride > 1 ? $" stride {Stride}" : "")}{(Groups > 1 ? " depthwise" : "")} {InChannels}→{OutChannels} on {Size}×{Size}";
}
