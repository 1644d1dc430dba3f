using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Tasks.SemanticSegmentation;
using AutoDL.Tasks.SemanticSegmentation.Inference;
using AutoDL.Tasks.SemanticSegmentation.Models;
using AutoDL.Training;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Inference;

/// <summary>A segmentation network's ONNX graph: any image size in, the logits and the argmax mask out, as libtorch computes them.</summary>
[Collection(TorchCollection.Name)]
public sealed class SegmentationExportTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> BackbonesAndDecoders => new()
    {
        { "resnet", "UNet" },
        { "mobilenetv2", "UNet" },
        { "plaincnn", "UNet" },
        { "resnet", "Aspp" },
        { "mobilenetv2", "LrAspp" },
        { "plaincnn", "Aspp" },
        { "resnet", "LrAspp" },
    };

    [Theory]
    [MemberData(nameof(BackbonesAndDecoders))]
    public void On_each_familys_backbone_onnx_runtime_gives_each_decoders_logits_and_masks_at_the_tile_size_and_an_odd_one(string family, string decoderName)
    {
        var package = RandomPackage(family, decoderName);

        var agreement = SegmenterAgreement.OnRandomImages(package, count: 4);

        output.WriteLine($"{family} {decoderName}: max |Δlogit| {agreement.MaxLogitDifference:E2}, {agreement.PixelsDiffering} of {agreement.Pixels} pixels differ");
        Assert.Equal(4, agreement.Images);
        Assert.True(agreement.MaxLogitDifference < 1e-3, $"logits differ by {agreement.MaxLogitDifference}");
        Assert.True(agreement.PixelAgreement >= 0.999, $"{agreement.PixelsDiffering} pixels differ");
    }

    [Fact]
    public void The_graph_takes_any_height_and_width_and_its_mask_output_is_the_argmax_of_its_logits()
    {
        var package = RandomPackage("resnet", "UNet");
        var onnx = OnnxExporter.Export(package);
        using var session = new InferenceSession(onnx);
        var pixels = new byte[2 * 3 * 45 * 71];
        new Random(3).NextBytes(pixels);

        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [2, 3, 45, 71]);
        using var outputs = session.Run(new RunOptions(), [OnnxExporter.InputName], [input], [OnnxExporter.LogitsName, OnnxExporter.MaskName]);

        Assert.Equal([2L, 4, 45, 71], outputs[0].GetTensorTypeAndShape().Shape);
        Assert.Equal([2L, 45, 71], outputs[1].GetTensorTypeAndShape().Shape);
        var logits = outputs[0].GetTensorDataAsSpan<float>().ToArray();
        var mask = outputs[1].GetTensorDataAsSpan<byte>().ToArray();
        int plane = 45 * 71;
        for (int i = 0; i < 2; i++)
        {
            var expected = new byte[plane];
            new LogitRows(logits, i * 4 * plane, plane, 4, 71, 0, 45).ArgMax(expected);
            Assert.Equal(expected, mask.AsSpan(i * plane, plane).ToArray());
        }
        var input0 = session.InputMetadata[OnnxExporter.InputName];
        Assert.Equal([-1, 3, -1, -1], input0.Dimensions);
    }

    /// <summary>A four-class network of random weights and batch-norm statistics, packaged in memory with a 64-pixel tile.</summary>
    private static PackageContents RandomPackage(string family, string decoderName)
    {
        var decoder = Enum.Parse<SegmentationDecoder>(decoderName);
        ModelConfig backbone = family switch
        {
            "resnet" => new ResNetConfig(Stages: 3, BlocksPerStage: 1, BaseWidth: 8, Stem: StemKind.Conv3Stride2),
            "mobilenetv2" => new MobileNetV2Config(WidthMultiplier: 0.5, Expansion: 2, Depth: 1, Stem: StemKind.Conv3Stride2),
            _ => new PlainCnnConfig(Blocks: 3, BaseWidth: 8),
        };
        // As the search builds it: the atrous pyramid on a ResNet whose last stage is dilated.
        if (decoder == SegmentationDecoder.Aspp && backbone is ResNetConfig resNet)
        {
            backbone = resNet with { DilateLastStage = true };
        }
        var config = new SegmenterConfig(backbone, new SegmentationHead(Depth: 3, Width: 16, Decoder: decoder));
        var tile = new ImageShape(3, 64, 64);
        torch.manual_seed(family.Length);
        using var network = ModelFactory.Create(config, tile, classes: 4);
        using (torch.no_grad())
        {
            foreach (var norm in network.modules().OfType<BatchNorm2d>())
            {
                norm.running_mean!.copy_(torch.randn_like(norm.running_mean) * 0.2);
                norm.running_var!.copy_(torch.rand_like(norm.running_var) + 0.5);
            }
        }
        var manifest = new PackageManifest
        {
            Task = SemanticSegmentationTask.TaskName,
            Schema = ModelSchema.SemanticSegmentation,
            ClassNames = ["a", "b", "c", "d"],
            Input = tile,
            Preprocessing = new Preprocessing(PreparedSemanticSegmentation.ResizeMethod, [0.4f, 0.5f, 0.6f], [0.2f, 0.25f, 0.3f]),
            Model = config,
            Metrics = new PackageMetrics(0, null),
        };
        return new PackageContents("random.adlpk", manifest, WeightsSerializer.Save(network), Onnx: null);
    }
}
