using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ConfigValidationTests
{
    private static readonly ImageShape Input = new(1, 28, 28);

    public static TheoryData<string, string> InvalidConfigs() => new()
    {
        { """{"family":"resnet","stages":0}""", "Stages" },
        { """{"family":"resnet","stages":5}""", "Stages" },
        { """{"family":"resnet","blocksPerStage":0}""", "BlocksPerStage" },
        { """{"family":"resnet","baseWidth":0}""", "BaseWidth" },
        { """{"family":"resnet","dropout":1}""", "Dropout" },
        { """{"family":"mobilenetv2","widthMultiplier":0}""", "WidthMultiplier" },
        { """{"family":"mobilenetv2","widthMultiplier":"NaN"}""", "WidthMultiplier" },
        { """{"family":"mobilenetv2","expansion":0}""", "Expansion" },
        { """{"family":"mobilenetv2","depth":5}""", "Depth" },
        { """{"family":"mobilenetv2","dropout":-0.1}""", "Dropout" },
        { """{"family":"plaincnn","blocks":0}""", "blocks" },
    };

    [Theory]
    [MemberData(nameof(InvalidConfigs))]
    public void Invalid_config_throws_ArgumentOutOfRange_naming_the_field_when_built_or_costed(string json, string field)
    {
        var config = Deserialize(json);
        var build = Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.Create(config, Input, 10));
        Assert.Contains(field, build.Message, StringComparison.Ordinal);
        var cost = Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.EstimateMultiplyAdds(config, Input, 10));
        Assert.Contains(field, cost.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fewer_than_two_classes_or_an_empty_image_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.Create(new ResNetConfig(), Input, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.Create(new ResNetConfig(), new ImageShape(0, 28, 28), 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.EstimateMultiplyAdds(new MobileNetV2Config(), new ImageShape(1, 0, 28), 10));
    }

    private static ModelConfig Deserialize(string json)
    {
        // NaN is not JSON; it is built in code instead, the way a buggy sampler would produce it.
        return json.Contains("\"NaN\"", StringComparison.Ordinal) ? new MobileNetV2Config(double.NaN) : ModelConfigJson.Deserialize(json);
    }
}
