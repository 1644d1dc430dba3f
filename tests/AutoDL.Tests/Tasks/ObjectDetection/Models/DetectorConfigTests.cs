using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ObjectDetection.Models;

namespace AutoDL.Tests.Tasks.ObjectDetection.Models;

[Collection(TorchCollection.Name)]
public sealed class DetectorConfigTests
{
    private static readonly DetectorConfig Detector = new(new ResNetConfig(4, 1, 8, StemKind.Conv7Pool), new DetectorHead(Levels: 2, Width: 16, TowerDepth: 1, BoxWeight: 1.5));

    [Fact]
    public void A_detector_configuration_round_trips_through_the_one_JSON_form_with_its_backbone_nested()
    {
        string json = ModelConfigJson.Serialize(Detector);

        Assert.StartsWith("{\"family\":\"fcos\"", json, StringComparison.Ordinal);
        Assert.Contains("\"backbone\":{\"family\":\"resnet\"", json, StringComparison.Ordinal);
        Assert.Equal(Detector, ModelConfigJson.Deserialize(json));
    }

    [Fact]
    public void The_model_factory_builds_and_counts_a_detector_like_any_family_for_a_single_class()
    {
        var input = new ImageShape(3, 64, 64);

        using var network = ModelFactory.Create(Detector, input, classes: 1);

        var detector = Assert.IsType<FcosNetwork>(network);
        Assert.Equal(ModelFactory.CountParameters(network), ModelFactory.EstimateParameters(Detector, input, 1));
        Assert.Equal(2, detector.Layout.Levels.Count);
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.Create(new ResNetConfig(), input, classes: 1));
    }
}
