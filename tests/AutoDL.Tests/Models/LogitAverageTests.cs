using AutoDL.Data;
using AutoDL.Models;
using static TorchSharp.torch;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class LogitAverageTests
{
    [Fact]
    public void The_ensemble_predicts_the_mean_of_its_members_logits()
    {
        var shape = new ImageShape(1, 10, 10);
        manual_seed(5);
        var first = ModelFactory.Create(new ResNetConfig(2, 1, 8), shape, 4);
        var second = ModelFactory.Create(new PlainCnnConfig(2, 8), shape, 4);
        using var ensemble = new LogitAverage([first, second]);
        ensemble.eval();
        using var noGrad = no_grad();
        using var images = randn(3, 1, 10, 10);

        using var a = first.forward(images);
        using var b = second.forward(images);
        using var averaged = ensemble.forward(images);
        using var mean = (a + b) / 2;

        Assert.True(averaged.allclose(mean, rtol: 1e-5, atol: 1e-6));
        // The members disagree, so the check above could not pass with either member alone.
        Assert.False(a.allclose(b, rtol: 1e-2, atol: 1e-3));
    }

    [Fact]
    public void An_ensemble_of_one_network_is_refused()
    {
        using var network = ModelFactory.Create(new PlainCnnConfig(1, 4), new ImageShape(1, 8, 8), 2);

        var error = Assert.Throws<ArgumentException>(() => new LogitAverage([network]));

        Assert.Contains("at least two networks", error.Message, StringComparison.Ordinal);
    }
}
