using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Packaging;
using AutoDL.Packaging.Onnx;
using AutoDL.Search.Samplers;
using AutoDL.Tasks.ImageClassification;
using Microsoft.ML.OnnxRuntime;
using TorchSharp;
using TorchSharp.Modules;
using Xunit.Abstractions;

namespace AutoDL.Tests.Packaging.Onnx;

[Collection(TorchCollection.Name)]
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    // The acceptance bound of the export: ONNX Runtime's probabilities within 1e-4 of libtorch's.
    private const float Tolerance = 1e-4f;

    public static TheoryData<string, ModelConfig, int, int> EveryLayerOfEveryFamily => new()
    {
        { "plain 1 block", new PlainCnnConfig(1, 8), 1, 28 },
        { "plain 4 blocks", new PlainCnnConfig(4, 16) { Dropout = 0.3 }, 3, 32 },
        { "plain on a 3-pixel image", new PlainCnnConfig(3, 8), 1, 3 },
        { "resnet conv3", new ResNetConfig(3, 2, 16, StemKind.Conv3), 1, 28 },
        { "resnet 4 stages stride-2 stem", new ResNetConfig(4, 1, 8, StemKind.Conv3Stride2) { Dropout = 0.2 }, 3, 32 },
        { "resnet 7x7 stem and pool", new ResNetConfig(2, 3, 8, StemKind.Conv7Pool), 3, 64 },
        { "mobilenet expansion 1", new MobileNetV2Config(0.5, 1, 1, StemKind.Conv3), 1, 28 },
        { "mobilenet expansion 6 wide", new MobileNetV2Config(1.5, 6, 2, StemKind.Conv3Stride2), 3, 32 },
        { "mobilenet 7x7 stem", new MobileNetV2Config(0.25, 4, 3, StemKind.Conv7Pool) { Dropout = 0.1 }, 3, 64 },
    };

    [Theory]
    [MemberData(nameof(EveryLayerOfEveryFamily))]
    public void Given_a_network_of_any_family_when_exported_then_onnx_runtime_matches_libtorch(string name, ModelConfig model, int channels, int size)
    {
        var difference = ExportAndCompare(model, new ImageShape(channels, size, size), classes: 7, seed: name.Length);

        output.WriteLine($"{name}: max |Δp| = {difference.Probabilities:E2}, max |Δlogit| = {difference.Logits:E2}");
        Assert.True(difference.Probabilities <= Tolerance, $"{name}: probabilities differ by {difference.Probabilities}");
        Assert.Equal(0, difference.LabelsDiffering);
    }

    [Theory]
    [MemberData(nameof(EveryLayerOfEveryFamily))]
    public void Given_a_network_of_any_family_when_exported_then_its_embedding_matches_libtorch_s(string name, ModelConfig model, int channels, int size)
    {
        var shape = new ImageShape(channels, size, size);
        using var network = RandomNetwork(model, shape, 7, seed: name.Length);
        var manifest = Manifest(model, shape, 7, seed: name.Length);
        var pixels = new byte[3 * shape.PixelCount];
        new Random(name.Length).NextBytes(pixels);
        var embedder = (IEmbeddingNetwork)network;
        var expected = new float[3 * embedder.EmbeddingSize];
        NetworkRunner.PredictProbabilities(network, 3, i => pixels.AsSpan(i * shape.PixelCount, shape.PixelCount), shape, new BatchBuilder(shape, manifest.Preprocessing.ToStats()), 7, expected);

        using var session = new InferenceSession(OnnxExporter.Export(network, manifest));
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [3, shape.Channels, shape.Height, shape.Width]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [OnnxExporter.InputName], [input], [OnnxExporter.EmbeddingName]);
        var actual = outputs[0].GetTensorDataAsSpan<float>().ToArray();

        float largest = expected.Max(Math.Abs);
        Assert.True(MaxAbsDifference(expected, actual) <= 1e-4 * Math.Max(1, largest), $"{name}: embeddings differ by {MaxAbsDifference(expected, actual)} (largest feature {largest})");
    }

    [Fact]
    public void Given_configurations_the_search_proposes_when_exported_then_onnx_runtime_matches_libtorch()
    {
        var shape = new ImageShape(1, 28, 28);
        var random = new Random(11);
        var sampler = new RandomSampler();
        for (int i = 0; i < 12; i++)
        {
            var point = sampler.Propose(ImageClassificationSearchSpace.Space, [], random);
            var model = ImageClassificationSearchSpace.ToModel(point, shape);

            var difference = ExportAndCompare(model, shape, classes: 10, seed: i);

            output.WriteLine($"{model.Family} {model.Describe()}: max |Δp| = {difference.Probabilities:E2}, max |Δlogit| = {difference.Logits:E2}");
            Assert.True(difference.Probabilities <= Tolerance, $"{model.Describe()}: probabilities differ by {difference.Probabilities}");
            Assert.Equal(0, difference.LabelsDiffering);
        }
    }

    [Theory]
    [InlineData("resnet")]
    [InlineData("mobilenet")]
    public void Given_test_time_flip_when_exported_then_onnx_runtime_averages_the_mirrors_as_libtorch_does(string family)
    {
        ModelConfig model = family == "resnet" ? new ResNetConfig(2, 1, 8) : new MobileNetV2Config(0.5, 4, 1);

        var difference = ExportAndCompare(model, new ImageShape(3, 12, 12), classes: 5, seed: 3, wrap: network => new FlipAveraged(network));

        output.WriteLine($"{family} flip-averaged: max |Δp| = {difference.Probabilities:E2}, max |Δlogit| = {difference.Logits:E2}");
        Assert.True(difference.Probabilities <= Tolerance, $"probabilities differ by {difference.Probabilities}");
        Assert.Equal(0, difference.LabelsDiffering);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Given_an_ensemble_of_networks_of_different_families_when_exported_then_onnx_runtime_averages_them_as_libtorch_does(bool flip)
    {
        var shape = new ImageShape(1, 14, 14);
        torch.nn.Module<torch.Tensor, torch.Tensor> Ensemble(torch.nn.Module<torch.Tensor, torch.Tensor> first)
        {
            var ensemble = new LogitAverage([first, RandomNetwork(new MobileNetV2Config(0.5, 4, 1), shape, 6, seed: 8), RandomNetwork(new PlainCnnConfig(2, 8), shape, 6, seed: 9)]);
            return flip ? new FlipAveraged(ensemble) : ensemble;
        }

        var difference = ExportAndCompare(new ResNetConfig(2, 1, 8), shape, classes: 6, seed: 7, wrap: Ensemble);

        output.WriteLine($"ensemble of three, flip {flip}: max |Δp| = {difference.Probabilities:E2}, max |Δlogit| = {difference.Logits:E2}");
        Assert.True(difference.Probabilities <= Tolerance, $"probabilities differ by {difference.Probabilities}");
        Assert.True(difference.Logits <= 1e-3, $"logits differ by {difference.Logits}");
        Assert.Equal(0, difference.LabelsDiffering);
    }

    [Fact]
    public void Given_an_export_then_the_model_describes_its_input_outputs_and_classes()
    {
        var shape = new ImageShape(3, 16, 16);
        using var network = RandomNetwork(new PlainCnnConfig(2, 8), shape, 4, seed: 1);
        var manifest = Manifest(new PlainCnnConfig(2, 8), shape, 4, seed: 1);

        using var session = new InferenceSession(OnnxExporter.Export(network, manifest));

        var input = Assert.Single(session.InputMetadata);
        Assert.Equal(OnnxExporter.InputName, input.Key);
        Assert.Equal(typeof(byte), input.Value.ElementType);
        Assert.Equal([-1, 3, 16, 16], input.Value.Dimensions);
        Assert.Equal([OnnxExporter.EmbeddingName, OnnxExporter.LogitsName, OnnxExporter.ProbabilitiesName], session.OutputMetadata.Keys.Order());
        Assert.Equal([-1, ((IEmbeddingNetwork)network).EmbeddingSize], session.OutputMetadata[OnnxExporter.EmbeddingName].Dimensions);
        Assert.Equal("[\"class0\",\"class1\",\"class2\",\"class3\"]", session.ModelMetadata.CustomMetadataMap["class_names"]);
        Assert.Equal("AutoDL.NET", session.ModelMetadata.ProducerName);
    }

    [Fact]
    public void Given_a_layer_with_no_onnx_mapping_then_the_export_refuses_it_by_name()
    {
        using var network = torch.nn.Sequential(("conv", torch.nn.Conv2d(1, 4, 3)), ("act", torch.nn.GELU()));

        var error = Assert.Throws<NotSupportedException>(() => new NetworkGraphWriter(new OnnxGraphBuilder()).Write(network, "x"));

        Assert.Contains("'act'", error.Message, StringComparison.Ordinal);
        Assert.Contains("GELU", error.Message, StringComparison.Ordinal);
    }

    private (float Probabilities, float Logits, int LabelsDiffering) ExportAndCompare(ModelConfig model, ImageShape shape, int classes, int seed, Func<torch.nn.Module<torch.Tensor, torch.Tensor>, torch.nn.Module<torch.Tensor, torch.Tensor>>? wrap = null)
    {
        var plain = RandomNetwork(model, shape, classes, seed);
        using var network = wrap is null ? plain : wrap(plain);
        var manifest = Manifest(model, shape, classes, seed);
        const int Batch = 16;
        var random = new Random(seed);
        var pixels = new byte[Batch * shape.PixelCount];
        random.NextBytes(pixels);

        var (torchLogits, torchProbabilities) = RunTorch(network, manifest, pixels, Batch);
        var (onnxLogits, onnxProbabilities) = RunOnnx(OnnxExporter.Export(network, manifest), shape, pixels, Batch);

        int differing = 0;
        for (int i = 0; i < Batch; i++)
        {
            if (NetworkRunner.ArgMax(torchProbabilities.AsSpan(i * classes, classes)) != NetworkRunner.ArgMax(onnxProbabilities.AsSpan(i * classes, classes)))
            {
                differing++;
            }
        }
        return (MaxAbsDifference(torchProbabilities, onnxProbabilities), MaxAbsDifference(torchLogits, onnxLogits), differing);
    }

    /// <summary>A network with random weights and random batch-norm statistics, so that every normalisation and residual branch matters.</summary>
    private static torch.nn.Module<torch.Tensor, torch.Tensor> RandomNetwork(ModelConfig model, ImageShape shape, int classes, int seed)
    {
        torch.manual_seed(seed);
        var network = ModelFactory.Create(model, shape, classes);
        using (torch.no_grad())
        {
            foreach (var module in network.modules().OfType<BatchNorm2d>())
            {
                module.running_mean!.copy_(torch.randn_like(module.running_mean) * 0.2);
                module.running_var!.copy_(torch.rand_like(module.running_var) + 0.5);
                module.weight!.copy_(torch.randn_like(module.weight) * 0.3 + 1);
                module.bias!.copy_(torch.randn_like(module.bias) * 0.2);
            }
        }
        network.eval();
        return network;
    }

    private static PackageManifest Manifest(ModelConfig model, ImageShape shape, int classes, int seed)
    {
        var random = new Random(seed);
        return new PackageManifest
        {
            Task = "image-classification",
            ClassNames = Enumerable.Range(0, classes).Select(k => $"class{k}").ToArray(),
            Input = shape,
            Preprocessing = new Preprocessing(
                "resize-shorter-centre-crop",
                Enumerable.Range(0, shape.Channels).Select(_ => 0.2f + (0.6f * random.NextSingle())).ToArray(),
                Enumerable.Range(0, shape.Channels).Select(_ => 0.1f + (0.3f * random.NextSingle())).ToArray()),
            Model = model,
            Metrics = new PackageMetrics(0, null),
        };
    }

    private static (float[] Logits, float[] Probabilities) RunTorch(torch.nn.Module<torch.Tensor, torch.Tensor> network, PackageManifest manifest, byte[] pixels, int batch)
    {
        var shape = manifest.Input;
        var builder = new BatchBuilder(shape, manifest.Preprocessing.ToStats());
        var input = new float[pixels.Length];
        for (int i = 0; i < batch; i++)
        {
            builder.Write(pixels.AsSpan(i * shape.PixelCount, shape.PixelCount), input.AsSpan(i * shape.PixelCount, shape.PixelCount));
        }
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = network.forward(torch.tensor(input, [batch, shape.Channels, shape.Height, shape.Width]));
        var probabilities = torch.nn.functional.softmax(logits, 1);
        return (logits.contiguous().data<float>().ToArray(), probabilities.contiguous().data<float>().ToArray());
    }

    private static (float[] Logits, float[] Probabilities) RunOnnx(byte[] model, ImageShape shape, byte[] pixels, int batch)
    {
        using var session = new InferenceSession(model);
        using var input = OrtValue.CreateTensorValueFromMemory(pixels, [batch, shape.Channels, shape.Height, shape.Width]);
        using var run = new RunOptions();
        using var outputs = session.Run(run, [OnnxExporter.InputName], [input], [OnnxExporter.LogitsName, OnnxExporter.ProbabilitiesName]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    private static float MaxAbsDifference(float[] a, float[] b)
    {
        Assert.Equal(a.Length, b.Length);
        float max = 0;
        for (int i = 0; i < a.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a[i] - b[i]));
        }
        return max;
    }
}
