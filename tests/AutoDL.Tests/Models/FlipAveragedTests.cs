using AutoDL.Data;
using AutoDL.Models;
using static TorchSharp.torch;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class FlipAveragedTests
{
    [Fact]
    public void The_average_is_the_mean_of_the_two_views_and_the_same_for_an_image_and_its_mirror()
    {
        manual_seed(2);
        using var averaged = new FlipAveraged(ModelFactory.Create(new ResNetConfig(2, 1, 8), new ImageShape(1, 10, 10), 4));
        averaged.eval();
        using var noGrad = no_grad();
        using var image = randn(3, 1, 10, 10);
        using var mirror = image.flip(3);

        using var plain = averaged.Network.forward(image);
        using var plainMirror = averaged.Network.forward(mirror);
        using var both = averaged.forward(image);
        using var bothMirror = averaged.forward(mirror);
        using var mean = (plain + plainMirror) / 2;

        Assert.True(both.allclose(mean, rtol: 1e-5, atol: 1e-6));
        Assert.True(bothMirror.allclose(both, rtol: 1e-5, atol: 1e-6));
        // The network alone tells an image from its mirror, so the invariance above is the average's doing.
        Assert.False(plainMirror.allclose(plain, rtol: 1e-3, atol: 1e-4));
    }
}
