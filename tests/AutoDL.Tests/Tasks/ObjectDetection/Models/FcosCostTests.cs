using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Models;

namespace AutoDL.Tests.Tasks.ObjectDetection.Models;

[Collection(TorchCollection.Name)]
public sealed class FcosCostTests
{
    [Theory]
    [InlineData(4, 1, 8, 64, 3, 16, 1, 2)]
    [InlineData(3, 2, 16, 128, 2, 32, 2, 5)]
    [InlineData(4, 2, 8, 96, 1, 8, 4, 1)]
    public void The_counted_parameters_are_those_of_the_built_detector(int stages, int blocks, int backboneWidth, int side, int levels, int headWidth, int towerDepth, int classes)
    {
        var backbone = new ResNetConfig(stages, blocks, backboneWidth, StemKind.Conv7Pool);
        var input = new ImageShape(3, side, side);
        var head = new DetectorHead(levels, headWidth, towerDepth);

        var counted = FcosCost.Of(backbone, input, classes, head);
        using var built = new FcosNetwork(ModelFactory.CreateBackbone(backbone, input), input, classes, levels, headWidth, towerDepth);

        Assert.Equal(ModelFactory.CountParameters(built), counted.Parameters);
        Assert.True(counted.MultiplyAdds > ModelFactory.EstimateBackbone(backbone, input).Cost.MultiplyAdds);
        Assert.True(counted.ActivationElements > ModelFactory.EstimateBackbone(backbone, input).Cost.ActivationElements);
    }

    public static TheoryData<ModelConfig> OtherFamilies =>
    [
        new MobileNetV2Config(WidthMultiplier: 0.5, Expansion: 4, Depth: 1, Stem: StemKind.Conv3Stride2),
        new PlainCnnConfig(Blocks: 4, BaseWidth: 8),
    ];

    [Theory]
    [MemberData(nameof(OtherFamilies))]
    public void Every_family_marks_its_stages_for_a_pyramid_and_a_detector_on_it_runs_and_is_counted_exactly(ModelConfig backbone)
    {
        var input = new ImageShape(3, 64, 64);
        var head = new DetectorHead(Levels: 3, Width: 16, TowerDepth: 1);
        var built = ModelFactory.CreateBackbone(backbone, input);

        Assert.Equal(built.Taps.Select(t => t.Map), ModelFactory.EstimateBackbone(backbone, input).Taps);
        Assert.Equal(built.Output, built.Taps[^1].Map);
        using var network = new FcosNetwork(built, input, classes: 2, head.Levels, head.Width, head.TowerDepth);
        using var output = network.forward(TorchSharp.torch.rand(1, 3, 64, 64));
        Assert.Equal([1L, network.Layout.Locations, 2 + 5], output.shape);
        Assert.Equal(ModelFactory.CountParameters(network), FcosCost.Of(backbone, input, 2, head).Parameters);
    }
}
