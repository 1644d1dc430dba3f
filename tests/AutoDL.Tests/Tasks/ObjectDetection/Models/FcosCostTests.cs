using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Models;
using AutoDL.Tasks.ObjectDetection.Training;

namespace AutoDL.Tests.Tasks.ObjectDetection.Models;

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
}
