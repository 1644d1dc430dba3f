using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Search.Samplers;
using AutoDL.Tasks.SemanticSegmentation;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Training;

namespace AutoDL.Tests.Tasks.SemanticSegmentation;

/// <summary>The segmentation search's points become networks every family can build and recipes the trainer takes.</summary>
[Collection(TorchCollection.Name)]
public sealed class SegmentationSearchSpaceTests
{
    private static readonly ImageShape Tile = new(3, 128, 128);

    [Fact]
    public void The_default_ladder_is_three_ResNets_of_growing_width_with_a_four_deep_decoder_on_a_strided_stem()
    {
        var ladder = SegmentationSearchSpace.DefaultLadder(batchSize: 16);

        var models = ladder.Select(p => SegmentationSearchSpace.ToModel(p, Tile)).ToList();

        Assert.Equal([16, 24, 32], models.Select(m => ((ResNetConfig)m.Backbone).BaseWidth));
        Assert.All(models, m => Assert.Equal(new SegmentationHead(4, 32, 0.5), m.Head));
        Assert.All(models, m => Assert.Equal(StemKind.Conv3Stride2, ((ResNetConfig)m.Backbone).Stem));
        // Cheapest first, as the pipeline reads the ladder.
        var costs = models.Select(m => ModelFactory.EstimateMultiplyAdds(m, Tile, 6)).ToList();
        Assert.Equal(costs.Order(), costs);
    }

    [Fact]
    public void A_decoder_deeper_than_its_backbone_is_cut_to_the_backbones_stages_and_the_recipe_is_AdamW_without_the_classifiers_augmentation()
    {
        var point = new Dictionary<string, double>(SegmentationSearchSpace.Default(epochs: 7, width: 16, batchSize: 8), StringComparer.Ordinal)
        {
            ["resnet.stages"] = 2,
            ["head.depth"] = 4,
        };

        var model = SegmentationSearchSpace.ToModel(point, Tile);
        var recipe = SegmentationSearchSpace.ToTraining(point);

        Assert.Equal(2, model.Head.Depth);
        Assert.Equal(OptimizerKind.AdamW, recipe.Optimizer);
        Assert.Equal(8, recipe.BatchSize);
        Assert.Equal(7, recipe.Epochs);
        Assert.Equal(0, recipe.LabelSmoothing);
        Assert.Equal(12, SegmentationSearchSpace.ToTraining(SegmentationSearchSpace.WithEpochs(point, 12)).Epochs);
    }

    [Theory]
    [InlineData("unet", "none", "UNet", false)]
    [InlineData("aspp", "inverse_sqrt", "Aspp", true)]
    [InlineData("lraspp", "none", "LrAspp", false)]
    public void The_decoder_and_the_class_weighting_are_choices_of_the_space(string decoder, string weights, string expected, bool weighed)
    {
        var space = SegmentationSearchSpace.Space;
        var point = new Dictionary<string, double>(SegmentationSearchSpace.Default(epochs: 5), StringComparer.Ordinal)
        {
            ["head.decoder"] = ((AutoDL.Search.Distributions.CategoricalDistribution)space["head.decoder"].Distribution).IndexOf(decoder),
            ["class_weights"] = ((AutoDL.Search.Distributions.CategoricalDistribution)space["class_weights"].Distribution).IndexOf(weights),
        };

        var model = SegmentationSearchSpace.ToModel(point, Tile);

        Assert.Equal((Enum.Parse<SegmentationDecoder>(expected), weighed), (model.Head.Decoder, model.Head.WeighClasses));
        // The atrous pyramid gets DeepLab's dilated last stage; the others keep the backbone as it is.
        Assert.Equal(expected == "Aspp", ((ResNetConfig)model.Backbone).DilateLastStage);
        Assert.True(SegmentationSearchSpace.IsArchitecture(space["head.decoder"]));
        Assert.False(SegmentationSearchSpace.IsArchitecture(space["class_weights"]));
    }

    [Fact]
    public void Every_family_of_the_space_builds_a_network_its_cost_counts_exactly()
    {
        var sampler = new RandomSampler();
        var random = new Random(4);
        for (int i = 0; i < 12; i++)
        {
            var point = sampler.Propose(SegmentationSearchSpace.Space, [], random);
            var model = SegmentationSearchSpace.ToModel(point, new ImageShape(3, 64, 64));

            using var network = ModelFactory.Create(model, new ImageShape(3, 64, 64), classes: 4);

            Assert.Equal(ModelFactory.CountParameters(network), ModelFactory.EstimateParameters(model, new ImageShape(3, 64, 64), 4));
        }
    }
}
