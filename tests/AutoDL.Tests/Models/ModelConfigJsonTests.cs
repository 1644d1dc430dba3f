using AutoDL.Data;
using AutoDL.Models;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModelConfigJsonTests
{
    [Theory]
    [MemberData(nameof(SampleConfigs.Json), MemberType = typeof(SampleConfigs))]
    public void Round_trip_gives_an_equal_record_and_the_same_parameter_names_and_shapes(string json)
    {
        var config = ModelConfigJson.Deserialize(json);
        var again = ModelConfigJson.Deserialize(ModelConfigJson.Serialize(config));
        Assert.Equal(config, again);
        Assert.Equal(json, ModelConfigJson.Serialize(again));

        var input = new ImageShape(3, 32, 32);
        using var first = ModelFactory.Create(config, input, 7);
        using var second = ModelFactory.Create(again, input, 7);
        var firstShapes = first.named_parameters().Select(p => (p.name, string.Join('x', p.parameter.shape))).ToList();
        var secondShapes = second.named_parameters().Select(p => (p.name, string.Join('x', p.parameter.shape))).ToList();
        Assert.NotEmpty(firstShapes);
        Assert.Equal(firstShapes, secondShapes);
    }

    [Fact]
    public void Serialised_form_uses_camel_case_fields_enum_names_and_the_family_discriminator()
    {
        var json = ModelConfigJson.Serialize(new ResNetConfig(3, 2, 32, StemKind.Conv7Pool) { Dropout = 0.25 });
        Assert.Equal("""{"family":"resnet","stages":3,"blocksPerStage":2,"baseWidth":32,"stem":"Conv7Pool","dropout":0.25}""", json);
    }

    [Fact]
    public void Family_may_come_after_the_fields_and_missing_fields_take_their_defaults()
    {
        var config = ModelConfigJson.Deserialize("""{"widthMultiplier":0.5,"family":"mobilenetv2"}""");
        Assert.Equal(new MobileNetV2Config(0.5), config);
    }

    [Theory]
    [InlineData("""{"family":"vit","depth":12}""", "'vit'")]
    [InlineData("""{"stages":3}""", "\"family\"")]
    [InlineData("""{"family":"resnet","stages":"three"}""", "$.stages")]
    [InlineData("""{"family":"resnet","stem":"Conv9"}""", "$.stem")]
    [InlineData("""{"family":"resnet","stem":1}""", "$.stem")]
    [InlineData("""{"family":"plaincnn","blokcs":3}""", "blokcs")]
    [InlineData("""{"family":"resnet",""", "not valid JSON")]
    [InlineData("""[1,2]""", "JSON object")]
    public void Bad_json_throws_an_AutoDLException_naming_what_is_wrong(string json, string named)
    {
        var error = Assert.Throws<AutoDLException>(() => ModelConfigJson.Deserialize(json));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_family_message_lists_the_known_families()
    {
        var error = Assert.Throws<AutoDLException>(() => ModelConfigJson.Deserialize("""{"family":"vit"}"""));
        Assert.Contains("resnet", error.Message, StringComparison.Ordinal);
        Assert.Contains("mobilenetv2", error.Message, StringComparison.Ordinal);
        Assert.Contains("plaincnn", error.Message, StringComparison.Ordinal);
    }
}
