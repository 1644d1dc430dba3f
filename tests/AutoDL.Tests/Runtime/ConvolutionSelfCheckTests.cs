using AutoDL.Runtime;
using static TorchSharp.torch;

namespace AutoDL.Tests.Runtime;

[Collection(TorchCollection.Name)]
public sealed class ConvolutionSelfCheckTests
{
    private const double Tolerance = 1e-3;

    [Fact]
    public void Libtorch_convolutions_on_this_machine_match_the_float64_reference()
    {
        // On a VM that hides its cache sizes this fails when the cap is switched off (ONEDNN_MAX_CPU_ISA=ALL).
        var result = ConvolutionSelfCheck.Run();

        var failed = result.Cases.Where(c => !c.Passed).Select(c => $"{c.Convolution} channels-last={c.ChannelsLast}: {c.OutputError:e1} / {c.InputGradientError:e1} / {c.WeightGradientError:e1}");
        Assert.True(result.Passed, "wrong convolutions: " + string.Join("; ", failed));
        Assert.Equal(20, result.Cases.Count);
        Assert.Equal(10, result.Cases.Count(c => c.ChannelsLast));
        Assert.All(result.Cases, c => Assert.InRange(c.WorstError, 0, Tolerance));
    }

    [Fact]
    public void Given_a_convolution_whose_output_is_off_by_one_percent_for_24_channels_then_the_check_fails_there()
    {
        var result = ConvolutionSelfCheck.Run(Tolerance, (x, w, shape) =>
            shape.InChannels == 24 ? ConvolutionSelfCheck.Convolve(x, w, shape).mul(1.01) : ConvolutionSelfCheck.Convolve(x, w, shape));

        Assert.False(result.Passed);
        var failed = result.Cases.Where(c => !c.Passed).ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed, c => Assert.Contains(" 24→", c.Convolution, StringComparison.Ordinal));
        Assert.All(failed, c => Assert.InRange(c.OutputError, 0.005, 0.02));
    }

    [Fact]
    public void Given_a_right_output_but_a_wrong_input_gradient_then_the_check_fails()
    {
        // x·1.01 − x·0.01 (detached) has the value of x but passes back 1.01 times its gradient.
        var result = ConvolutionSelfCheck.Run(Tolerance, (x, w, shape) =>
            ConvolutionSelfCheck.Convolve(x.mul(1.01).sub(x.detach().mul(0.01)), w, shape));

        Assert.All(result.Cases, c => Assert.False(c.Passed));
        Assert.All(result.Cases, c => Assert.True(c.OutputError <= Tolerance && c.InputGradientError > Tolerance && c.WeightGradientError <= Tolerance));
    }

    [Fact]
    public void Given_a_convolution_that_returns_NaN_then_the_check_fails_with_a_NaN_error()
    {
        var result = ConvolutionSelfCheck.Run(Tolerance, (x, w, shape) =>
        {
            var y = ConvolutionSelfCheck.Convolve(x, w, shape);
            return shape.Kernel == 1 ? y.add(full_like(y, double.NaN)) : y;
        });

        var failed = result.Cases.Where(c => !c.Passed).ToList();
        Assert.Equal(4, failed.Count);
        Assert.All(failed, c => Assert.True(double.IsNaN(c.WorstError)));
    }

    [Fact]
    public void A_failed_check_names_the_worst_case_and_the_fix()
    {
        var result = ConvolutionSelfCheck.Run(Tolerance, (x, w, shape) =>
            shape.InChannels == 40 && shape.Kernel == 3 ? ConvolutionSelfCheck.Convolve(x, w, shape).mul(1.5) : ConvolutionSelfCheck.Convolve(x, w, shape));

        var error = new SelfCheckFailedException(result);
        string uncapped = SelfCheckFailedException.Describe(result, "ALL");
        string capped = SelfCheckFailedException.Describe(result, "avx2");

        Assert.IsAssignableFrom<AutoDLException>(error);
        Assert.StartsWith("libtorch computes wrong convolutions on this machine: 2 of 20 checks failed, the worst 3×3 40→40 on 12×12", error.Message, StringComparison.Ordinal);
        Assert.Contains("Set ONEDNN_MAX_CPU_ISA=AVX2 in the environment (it is now ALL) and run again", uncapped, StringComparison.Ordinal);
        Assert.Contains("ONEDNN_MAX_CPU_ISA is already AVX2: set it to SSE41", capped, StringComparison.Ordinal);
    }

    [Fact]
    public void The_check_leaves_torch_global_generator_and_grad_mode_as_they_were()
    {
        // Training seeds torch's global generator; a check that drew from it would change every network built after it.
        manual_seed(7);
        using var expected = randn(4);
        manual_seed(7);
        bool gradEnabled = is_grad_enabled();
        using (no_grad())
        {
            ConvolutionSelfCheck.Run();
            Assert.False(is_grad_enabled());
        }
        using var actual = randn(4);

        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());
        Assert.Equal(gradEnabled, is_grad_enabled());
    }
}
