using AutoDL.Data;
using AutoDL.Models;
using TorchSharp;

namespace AutoDL.Tests.Models;

/// <summary>The backbones detection and segmentation heads will sit on, checked against their analytic plans.</summary>
[Collection(TorchCollection.Name)]
public sealed class BackboneTests
{
    [Theory]
    [MemberData(nameof(SampleConfigs.JsonTimesShapes), MemberType = typeof(SampleConfigs))]
    public void Every_backbone_outputs_the_feature_map_its_plan_counts(string json, int channels, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        var config = ModelConfigJson.Deserialize(json);
        var input = new ImageShape(channels, height, width);
        var planned = ModelFactory.EstimateBackbone(config, input);
        var backbone = ModelFactory.CreateBackbone(config, input);

        var x = torch.randn(2, channels, height, width);
        foreach (var (_, part) in backbone.Parts)
        {
            part.eval();
            x = part.forward(x);
        }

        var expected = new long[] { 2, planned.Output.Channels, planned.Output.Height, planned.Output.Width };
        Assert.Equal(expected, x.shape);
        Assert.Equal(planned.Output, backbone.Output);
        long backboneParameters = backbone.Parts.Sum(p => ModelFactory.CountParameters(p.Module));
        Assert.Equal(planned.Cost.Parameters, backboneParameters);
    }

    [Theory]
    [MemberData(nameof(SampleConfigs.Json), MemberType = typeof(SampleConfigs))]
    public void A_classifier_is_its_backbone_plus_a_head_and_costs_no_less(string json)
    {
        var config = ModelConfigJson.Deserialize(json);
        var input = new ImageShape(1, 28, 28);

        var backbone = ModelFactory.EstimateBackbone(config, input);
        long whole = ModelFactory.EstimateParameters(config, input, classes: 7);

        // The head holds at least the classifier's weights and biases on the backbone's channels.
        Assert.True(whole - backbone.Cost.Parameters >= ((long)backbone.Output.Channels * 7) + 7, $"{whole} against a backbone of {backbone.Cost.Parameters}");
    }
}
