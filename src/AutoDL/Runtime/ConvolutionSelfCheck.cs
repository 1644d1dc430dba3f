using System.Diagnostics;
using AutoDL.Internal;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Runtime;

/// <summary>
/// A numerical check of libtorch's float32 convolutions on this machine, run before any training or libtorch inference:
/// a few small convolutions of the shapes the model families use, forward and both gradients, in both memory layouts,
/// against the same convolutions in float64. libtorch runs float64 convolutions through its own im2col and GEMM code,
/// never through oneDNN, so the reference does not share the kernels under test. It exists because oneDNN's kernels
/// have been seen to compute wrong numbers on some virtual machines (<see cref="OneDnnIsaCap"/>); a wrong network
/// that trains to a plausible accuracy is worse than a clear stop.
/// </summary>
public static class ConvolutionSelfCheck
{
    /// <summary>Set to 1 to skip the check (at your own risk: a failing check means the numbers are wrong).</summary>
    public const string SkipVariable = "AUTODL_SKIP_SELF_CHECK";

    // float32 sums of a few hundred products differ from float64 by about 1e-6 of the output's scale; the wrong kernels
    // seen so far are off by 0.2 or produce NaN (bench/results/onednn-isa-cap-empty-cache-leaf.md). 1e-3 sits between
    // with a wide margin both ways.
    private const double DefaultTolerance = 1e-3;

    // The channel counts and strides of ResNet, PlainCnn and MobileNetV2 as the search builds them: oneDNN's wrong
    // kernels were seen with 24 and 40 input channels, and in input gradients whose output channels are not a
    // multiple of 16. Inputs of 12×12 keep the whole check to about 0.1 s on two cores, most of it the first use of
    // each kernel.
    private static readonly ConvolutionShape[] Shapes =
    [
        new(1, 16, 3, 1, 1, 12),
        new(3, 24, 3, 1, 1, 12),
        new(16, 16, 3, 1, 1, 12),
        new(24, 24, 3, 1, 1, 12),
        new(40, 40, 3, 1, 1, 12),
        new(32, 24, 3, 1, 1, 12),
        new(24, 48, 3, 2, 1, 12),
        new(16, 32, 1, 2, 1, 12),
        new(40, 24, 1, 1, 1, 12),
        new(48, 48, 3, 1, 48, 12),
    ];

    private static readonly Lock Gate = new();
    private static ConvolutionCheckResult? _passed;

    /// <summary>
    /// Runs the check once per process and throws <see cref="SelfCheckFailedException"/> if any convolution is wrong;
    /// later calls return at once after a pass and run it again after a failure.
    /// </summary>
    public static void EnsurePassed()
    {
        if (Environment.GetEnvironmentVariable(SkipVariable) == "1")
        {
            return;
        }
        lock (Gate)
        {
            if (_passed is not null)
            {
                return;
            }
            var result = Run();
            if (!result.Passed)
            {
                throw new SelfCheckFailedException(result);
            }
            _passed = result;
        }
    }

    /// <summary>Runs every case and reports each; it changes no global state (torch's generator, grad mode) that training reads.</summary>
    public static ConvolutionCheckResult Run() => Run(DefaultTolerance, Convolve);

    /// <summary>The check over another float32 convolution (tests give it a wrong one to see the check fail).</summary>
    internal static ConvolutionCheckResult Run(double tolerance, Func<Tensor, Tensor, ConvolutionShape, Tensor> convolution)
    {
        var watch = Stopwatch.StartNew();
        var cases = new List<ConvolutionCheckCase>();
        using var generator = new Generator(20261205);
        using var scalars = new HeldScalars();
        using var grad = enable_grad();
        foreach (var shape in Shapes)
        {
            using var scope = NewDisposeScope();
            var x = randn([2, shape.InChannels, shape.Size, shape.Size], float64, generator: generator);
            int fanIn = shape.InChannels / shape.Groups * shape.Kernel * shape.Kernel;
            var w = randn([shape.OutChannels, shape.InChannels / shape.Groups, shape.Kernel, shape.Kernel], float64, generator: generator)
                .mul_(scalars.Of(1.0 / Math.Sqrt(fanIn)));
            var reference = Evaluate(x, w, null, shape, Convolve, scalars);
            foreach (bool channelsLast in new[] { false, true })
            {
                var x32 = Layout(x.to(float32), channelsLast);
                var w32 = Layout(w.to(float32), channelsLast);
                var upstream = Layout(reference.Upstream.to(float32), channelsLast);
                var actual = Evaluate(x32, w32, upstream, shape, convolution, scalars);
                double output = RelativeError(actual.Output, reference.Output);
                double input = RelativeError(actual.InputGradient, reference.InputGradient);
                double weight = RelativeError(actual.WeightGradient, reference.WeightGradient);
                bool passed = output <= tolerance && input <= tolerance && weight <= tolerance;
                cases.Add(new ConvolutionCheckCase(shape.ToString(), channelsLast, output, input, weight, passed));
            }
        }
        return new ConvolutionCheckResult(cases, tolerance, watch.Elapsed);
    }

    private static Tensor Layout(Tensor nchw, bool channelsLast) => channelsLast ? ChannelsLast.Convert(nchw) : nchw.contiguous();

    private static (Tensor Output, Tensor InputGradient, Tensor WeightGradient, Tensor Upstream) Evaluate(
        Tensor x, Tensor w, Tensor? upstream, ConvolutionShape shape, Func<Tensor, Tensor, ConvolutionShape, Tensor> convolution, HeldScalars scalars)
    {
        var input = x.detach().requires_grad_(true);
        var weight = w.detach().requires_grad_(true);
        var output = convolution(input, weight, shape);
        // A fixed, non-uniform upstream gradient: a plain sum would let errors that cancel across outputs go unseen.
        upstream ??= cos(arange(HeldScalars.Zero, scalars.Of(output.numel()), HeldScalars.One, float64).reshape(output.shape).mul_(scalars.Of(0.7)));
        output.mul(upstream).sum().backward();
        return (output.detach(), input.grad!, weight.grad!, upstream);
    }

    /// <summary>The convolution as the model families call it: "same" padding, no bias.</summary>
    internal static Tensor Convolve(Tensor input, Tensor weight, ConvolutionShape shape) => nn.functional.conv2d(
        input, weight, strides: [shape.Stride, shape.Stride], padding: [shape.Kernel / 2, shape.Kernel / 2], groups: shape.Groups);

    private static double RelativeError(Tensor actual, Tensor reference)
    {
        double scale = reference.abs().max().item<double>();
        double error = actual.to(float64).sub(reference).abs().max().item<double>();
        return error / Math.Max(scale, 1e-12);
    }
}
