using AutoDL.Models;
using static TorchSharp.torch;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class WideConvolutionTests
{
    // Output channels the detector's predictions have (centre-ness, classes, distances, more classes): on a Zen 5 VM
    // capped at AVX2, libtorch's own float32 kernels got the input gradient of each of these wrong (NaN or 40–80 % off);
    // 16, which they got right, shows the padding leaves a convolution that needs none alone.
    [Theory]
    [InlineData(1), InlineData(2), InlineData(4), InlineData(5), InlineData(12), InlineData(16)]
    public void Outputs_and_gradients_match_a_float64_reference(int outChannels)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var convolution = nn.Conv2d(16, outChannels, 3, padding: 1);
        var x = randn([2, 16, 8, 8], generator: generator);
        var upstream = randn([2, outChannels, 8, 8], generator: generator);

        var input = x.detach().requires_grad_(true);
        var output = WideConvolution.Forward(convolution, input);
        output.mul(upstream).sum().backward();

        var input64 = x.to(float64).detach().requires_grad_(true);
        var output64 = nn.functional.conv2d(input64, convolution.weight!.detach().to(float64), convolution.bias!.detach().to(float64), padding: [1, 1]);
        output64.mul(upstream.to(float64)).sum().backward();

        Assert.Equal([2L, outChannels, 8L, 8L], output.shape);
        Assert.True(RelativeError(output, output64) < 1e-4, $"output off by {RelativeError(output, output64):g3}");
        Assert.True(RelativeError(input.grad!, input64.grad!) < 1e-4, $"input gradient off by {RelativeError(input.grad!, input64.grad!):g3}");
        Assert.True(RelativeError(convolution.weight!.grad!, WeightGradient(input64, upstream.to(float64), convolution)) < 1e-4);
    }

    private static Tensor WeightGradient(Tensor input64, Tensor upstream64, TorchSharp.Modules.Conv2d convolution)
    {
        var weight = convolution.weight!.detach().to(float64).requires_grad_(true);
        nn.functional.conv2d(input64.detach(), weight, convolution.bias!.detach().to(float64), padding: [1, 1]).mul(upstream64).sum().backward();
        return weight.grad!;
    }

    private static double RelativeError(Tensor actual, Tensor reference) =>
        actual.to(float64).sub(reference).abs().max().item<double>() / Math.Max(reference.abs().max().item<double>(), 1e-12);
}
