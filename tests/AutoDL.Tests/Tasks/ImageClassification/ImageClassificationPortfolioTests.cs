using AutoDL.Models;
using AutoDL.Tasks.ImageClassification;
using AutoDL.Training;

namespace AutoDL.Tests.Tasks.ImageClassification;

public sealed class ImageClassificationPortfolioTests
{
    public static TheoryData<bool, bool> Traits => new() { { false, false }, { true, false }, { false, true }, { true, true } };

    [Theory]
    [MemberData(nameof(Traits))]
    public void Every_candidate_is_a_point_of_every_calibrated_space(bool imbalanced, bool flipLooksSafe)
    {
        var traits = new DataTraits(imbalanced, flipLooksSafe);
        foreach (int batchSize in ImageClassificationSearchSpace.BatchSizeChoices)
        {
            foreach (double? suggested in new double?[] { null, 1e-3, 0.2 })
            {
                var space = ImageClassificationSearchSpace.For(traits, suggested, batchSize);
                foreach (var name in ImageClassificationPortfolio.Candidates.Keys)
                {
                    Assert.Null(space.Problem(ImageClassificationPortfolio.Candidate(name, traits, batchSize, epochs: 12)));
                }
                Assert.All(ImageClassificationPortfolio.For(traits, batchSize, epochs: 12), member => Assert.Null(space.Problem(member)));
            }
        }
    }

    [Fact]
    public void The_portfolio_holds_distinct_configurations_none_of_them_a_default()
    {
        var traits = new DataTraits(false, true);
        var portfolio = ImageClassificationPortfolio.For(traits, 128, epochs: 12);
        var ladder = ImageClassificationSearchSpace.DefaultLadder(traits, 128).Select(rung => ImageClassificationSearchSpace.WithEpochs(rung, 12));

        Assert.True(portfolio.Count >= 2);
        Assert.Equal(portfolio.Count, portfolio.Select(Describe).Distinct().Count());
        Assert.DoesNotContain(portfolio.Select(Describe), ladder.Select(Describe).Contains);
    }

    [Fact]
    public void A_change_the_traits_leave_out_is_dropped_and_sgd_drops_the_adamw_rate()
    {
        var flipOnLetters = ImageClassificationPortfolio.Candidate("resnet24-flip", DataTraits.Plain, 128, epochs: 12);
        var flipOnClothes = ImageClassificationPortfolio.Candidate("resnet24-flip", new DataTraits(false, true), 128, epochs: 12);
        var sgd = ImageClassificationPortfolio.Candidate("resnet24-sgd-cosine", DataTraits.Plain, 128, epochs: 12);

        var noChanges = new Dictionary<string, string>(StringComparer.Ordinal);
        Assert.Equal(Describe(ImageClassificationSearchSpace.Variant(BackboneSearchSpace.ResNet(3, 1, 24), noChanges, 12, DataTraits.Plain, 128)), Describe(flipOnLetters));
        Assert.True(ImageClassificationSearchSpace.ToTraining(flipOnClothes).EffectiveAugmentation.HorizontalFlip);
        Assert.False(sgd.ContainsKey("adamw.lr"));
        var recipe = ImageClassificationSearchSpace.ToTraining(sgd);
        Assert.Equal(OptimizerKind.SgdNesterov, recipe.Optimizer);
        Assert.Equal(0.1, recipe.LearningRate, 12);
        Assert.Equal(LearningRateSchedule.Cosine, recipe.Schedule);
    }

    [Fact]
    public void An_unknown_candidate_is_named_with_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => ImageClassificationPortfolio.Candidate("resnet99", DataTraits.Plain, 128, 12));

        Assert.Contains("resnet99", error.Message, StringComparison.Ordinal);
        Assert.Contains("resnet16-cutmix", error.Message, StringComparison.Ordinal);
    }

    private static string Describe(IReadOnlyDictionary<string, double> point) =>
        string.Join(";", point.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value:R}"));
}
