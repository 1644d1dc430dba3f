using AutoDL.Data;
using AutoDL.Data.Augmentation;
using static TorchSharp.torch;

namespace AutoDL.Tests.Data.Augmentation;

[Collection(TorchCollection.Name)]
public sealed class BatchAugmenterTests
{
    private static readonly ImageShape Shape = new(1, 8, 8);
    private static readonly NormalizationStats Stats = new([0.5f], [0.25f]);

    private static Tensor Batch() => randn(16, 1, 8, 8, generator: new Generator(42));

    [Fact]
    public void The_same_seed_gives_the_same_augmented_batch()
    {
        using var _ = NewDisposeScope();
        var config = new AugmentationConfig(0, false) { Magnitude = 0.8, ErasingProbability = 0.5, Mix = MixKind.CutMix };

        var (first, firstMix) = new BatchAugmenter(config, Shape, Stats, new Random(3)).Apply(Batch());
        var (second, secondMix) = new BatchAugmenter(config, Shape, Stats, new Random(3)).Apply(Batch());

        Assert.True(first.allclose(second));
        Assert.Equal(firstMix!.Partners, secondMix!.Partners);
        Assert.Equal(firstMix.OwnWeight, secondMix.OwnWeight);
    }

    [Fact]
    public void The_policy_changes_images_and_leaves_the_input_untouched()
    {
        using var _ = NewDisposeScope();
        var input = Batch();
        var copy = input.clone();

        var (output, mix) = new BatchAugmenter(new AugmentationConfig(0, false) { Magnitude = 1 }, Shape, Stats, new Random(1)).Apply(input);

        Assert.True(input.allclose(copy, 0, 0));
        Assert.False(output.allclose(input));
        Assert.Null(mix);
    }

    [Fact]
    public void Cutmix_weights_the_own_label_by_the_area_left()
    {
        using var _ = NewDisposeScope();
        var input = Batch();

        for (int seed = 0; seed < 20; seed++)
        {
            var (output, mix) = new BatchAugmenter(new AugmentationConfig(0, false) { Mix = MixKind.CutMix }, Shape, Stats, new Random(seed)).Apply(input);

            // Image 0 keeps exactly the pixels its own label is weighted by (unless it was paired with itself).
            if (mix!.Partners[0] != 0)
            {
                double kept = output[0].eq(input[0]).to_type(float32).mean().item<float>();
                Assert.Equal(mix.OwnWeight, kept, 3);
            }
            Assert.InRange(mix.OwnWeight, 0f, 1f);
        }
    }

    [Fact]
    public void Mixup_weights_follow_a_symmetric_beta_distribution()
    {
        var weights = Enumerable.Range(0, 4000).Select(seed =>
        {
            using var _ = NewDisposeScope();
            return (double)new BatchAugmenter(new AugmentationConfig(0, false) { Mix = MixKind.Mixup }, Shape, Stats, new Random(seed)).Apply(zeros(2, 1, 8, 8)).Mix!.OwnWeight;
        }).ToArray();

        // Beta(0.2, 0.2): mean 1/2, variance 1/(4(2α + 1)) = 0.179, mostly near 0 or 1.
        double mean = weights.Average();
        double variance = weights.Select(w => (w - mean) * (w - mean)).Average();
        Assert.InRange(mean, 0.47, 0.53);
        Assert.InRange(variance, 0.16, 0.20);
    }
}
