using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.SemanticSegmentation.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Models;

/// <summary>Every decoder on every family's backbone: built and counted like any family, a score per class and pixel, and it learns.</summary>
[Collection(TorchCollection.Name)]
public sealed class SegmentationNetworkTests
{
    public static TheoryData<string, string> BackbonesAndDecoders => new()
    {
        { "resnet", "UNet" },
        { "mobilenetv2", "UNet" },
        { "plaincnn", "UNet" },
        { "resnet", "Aspp" },
        { "mobilenetv2", "Aspp" },
        { "plaincnn", "Aspp" },
        { "resnet", "LrAspp" },
        { "mobilenetv2", "LrAspp" },
        { "plaincnn", "LrAspp" },
    };

    public static TheoryData<string> Decoders => ["UNet", "Aspp", "LrAspp"];

    private static ModelConfig Backbone(string family) => family switch
    {
        "resnet" => new ResNetConfig(Stages: 3, BlocksPerStage: 1, BaseWidth: 8),
        "mobilenetv2" => new MobileNetV2Config(WidthMultiplier: 0.5, Expansion: 2, Depth: 1),
        _ => new PlainCnnConfig(Blocks: 3, BaseWidth: 8),
    };

    [Theory]
    [MemberData(nameof(BackbonesAndDecoders))]
    public void On_each_familys_backbone_each_decoder_scores_every_class_at_every_input_pixel_and_is_counted_exactly(string family, string decoderName)
    {
        var decoder = Enum.Parse<SegmentationDecoder>(decoderName);
        var config = new SegmenterConfig(Backbone(family), new SegmentationHead(Depth: 3, Width: 16, Decoder: decoder));
        var input = new ImageShape(3, 40, 56);

        using var network = ModelFactory.Create(config, input, classes: 4);
        using var scope = NewDisposeScope();
        network.eval();
        var logits = network.forward(randn(2, 3, 40, 56));

        Assert.IsType(decoder switch { SegmentationDecoder.Aspp => typeof(AsppNetwork), SegmentationDecoder.LrAspp => typeof(LrAsppNetwork), _ => typeof(UNetNetwork) }, network);
        Assert.Equal([2L, 4, 40, 56], logits.shape);
        Assert.Equal(ModelFactory.CountParameters(network), ModelFactory.EstimateParameters(config, input, 4));
        Assert.True(ModelFactory.EstimateMultiplyAdds(config, input, 4) > ModelFactory.EstimateMultiplyAdds(config.Backbone, input, 4) / 2);
    }

    [Fact]
    public void A_dilated_last_stage_keeps_the_previous_stages_resolution_with_the_same_weights_and_is_counted_exactly()
    {
        var plain = new ResNetConfig(Stages: 3, BlocksPerStage: 1, BaseWidth: 8, Stem: StemKind.Conv3Stride2);
        var dilated = plain with { DilateLastStage = true };
        var input = new ImageShape(3, 64, 64);

        var plainTaps = ModelFactory.EstimateBackbone(plain, input).Taps;
        var dilatedTaps = ModelFactory.EstimateBackbone(dilated, input).Taps;
        var config = new SegmenterConfig(dilated, new SegmentationHead(Depth: 3, Width: 16, Decoder: SegmentationDecoder.Aspp));
        using var network = ModelFactory.Create(config, input, classes: 4);
        using var scope = NewDisposeScope();
        network.eval();
        var logits = network.forward(randn(2, 3, 64, 64));

        // Stages at 32, 16, 8 cells; dilated, the last stays at 16 with the same 32 channels and the same weights.
        Assert.Equal([32, 16, 8], plainTaps.Select(t => t.Height));
        Assert.Equal([32, 16, 16], dilatedTaps.Select(t => t.Height));
        Assert.Equal(plainTaps[2].Channels, dilatedTaps[2].Channels);
        Assert.Equal(ModelFactory.EstimateParameters(plain, input, 4), ModelFactory.EstimateParameters(dilated, input, 4));
        Assert.Equal(ModelFactory.CountParameters(network), ModelFactory.EstimateParameters(config, input, 4));
        Assert.Equal([2L, 4, 64, 64], logits.shape);
        // The flag is written only when set, so every configuration written before it reads the same.
        Assert.Contains("dilateLastStage", ModelConfigJson.Serialize(dilated), StringComparison.Ordinal);
        Assert.DoesNotContain("dilateLastStage", ModelConfigJson.Serialize(plain), StringComparison.Ordinal);
        Assert.Equal(dilated, ModelConfigJson.Deserialize(ModelConfigJson.Serialize(dilated)));
    }

    [Fact]
    public void A_configuration_round_trips_through_the_one_JSON_form_and_a_decoder_deeper_than_the_backbone_is_refused()
    {
        var config = new SegmenterConfig(new ResNetConfig(Stages: 2, BlocksPerStage: 1, BaseWidth: 8), new SegmentationHead(Depth: 4, Width: 24));

        string json = ModelConfigJson.Serialize(config);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.EstimateParameters(config, new ImageShape(3, 32, 32), 3));

        Assert.StartsWith("{\"family\":\"segmenter\"", json, StringComparison.Ordinal);
        Assert.Equal(config, ModelConfigJson.Deserialize(json));
        Assert.Equal("depth", error.ParamName);
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void Each_decoder_learns_to_tell_two_regions_apart_pixel_by_pixel(string decoderName)
    {
        var decoder = Enum.Parse<SegmentationDecoder>(decoderName);
        torch.manual_seed(3);
        var config = new SegmenterConfig(new ResNetConfig(Stages: 3, BlocksPerStage: 1, BaseWidth: 8), new SegmentationHead(Depth: 3, Width: 16, Decoder: decoder));
        using var network = ModelFactory.Create(config, new ImageShape(1, 32, 32), classes: 2);
        // Bright squares on a dark ground, at random places: class 1 inside a square, 0 outside.
        var random = new Random(5);
        var images = new float[8 * 32 * 32];
        var masks = new long[8 * 32 * 32];
        for (int n = 0; n < 8; n++)
        {
            int x0 = random.Next(0, 20), y0 = random.Next(0, 20), size = random.Next(8, 12);
            for (int y = y0; y < y0 + size; y++)
            {
                for (int x = x0; x < x0 + size; x++)
                {
                    images[(n * 1024) + (y * 32) + x] = 1;
                    masks[(n * 1024) + (y * 32) + x] = 1;
                }
            }
        }
        using var batch = tensor(images, [8, 1, 32, 32]);
        using var target = tensor(masks, [8, 32, 32]);
        using var optimizer = optim.Adam(network.parameters(), lr: 0.01);

        network.train();
        for (int step = 0; step < 60; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            nn.functional.cross_entropy(network.forward(batch), target).backward();
            optimizer.step();
        }
        network.eval();
        using var predicted = network.forward(batch).argmax(1);
        double accuracy = predicted.eq(target).to_type(ScalarType.Float32).mean().item<float>();

        Assert.True(accuracy > 0.97, $"{decoder}: pixel accuracy {accuracy:0.000} after 60 steps on 8 images");
    }
}
