using AutoDL.Data;
using AutoDL.Tasks.ImageClassification.Data;

namespace AutoDL.Tests.Data;

public sealed class NormalizationStatsTests
{
    [Fact]
    public void Compute_gives_mean_and_population_std_per_channel_on_the_unit_scale()
    {
        // Given two 2-channel 1x2 images: channel 0 holds {0, 255, 255, 255}, channel 1 holds 51 everywhere
        var pixels = new byte[] { 0, 255, 51, 51, 255, 255, 51, 51 };
        var data = new ImageDataset(pixels, [0, 1], ["a", "b"], new ImageShape(2, 1, 2));

        var stats = NormalizationStats.Compute(data);

        Assert.Equal(0.75f, stats.Mean[0], 1e-6f);
        Assert.Equal((float)Math.Sqrt(0.1875), stats.Std[0], 1e-6f);
        Assert.Equal(0.2f, stats.Mean[1], 1e-6f);
        Assert.Equal(NormalizationStats.MinStd, stats.Std[1]); // constant channel: floored, not zero
    }

    [Fact]
    public void Compute_on_Fashion_MNIST_matches_its_published_statistics()
    {
        var train = DataImporter.Import("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz").Train;

        var stats = NormalizationStats.Compute(train);

        // The widely quoted Fashion-MNIST training statistics: mean 0.2860, std 0.3530.
        Assert.Equal(0.2860f, stats.Mean[0], 1e-3f);
        Assert.Equal(0.3530f, stats.Std[0], 1e-3f);
    }
}
