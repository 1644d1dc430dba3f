using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace AutoDL.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class ChannelsLastTests
{
    private static TrainingRequest Request(ModelConfig model, int seed = 4)
    {
        var train = SyntheticImages.Bands(10, channels: 3, seed: 1);
        return new TrainingRequest(model, new TrainingConfig(), new ClassificationTraining(train, SyntheticImages.Bands(2, channels: 3, seed: 2), NormalizationStats.Compute(train)), Seed: seed);
    }

    [Fact]
    public void Dense_families_train_with_channels_last_convolutions_and_MobileNetV2_does_not()
    {
        manual_seed(1);
        using var resnet = TrainingNetwork.Create(Request(new ResNetConfig(Stages: 2, BlocksPerStage: 1, BaseWidth: 16)));
        manual_seed(1);
        using var mobile = TrainingNetwork.Create(Request(new MobileNetV2Config(Depth: 1)));

        Assert.All(Convolutions(resnet), weight => Assert.Equal(1, weight.stride(1)));
        Assert.All(Convolutions(mobile), weight => Assert.True(weight.is_contiguous()));
        Assert.True(resnet.training);
    }

    [Fact]
    public void A_channels_last_network_computes_what_the_standard_one_does()
    {
        var (relaid, standard) = BothLayouts(seed: 3);
        using var disposeRelaid = relaid;
        using var disposeStandard = standard;
        standard.train();
        using var input = randn(4, 3, 12, 12);
        using var channelsLastInput = ChannelsLast.Convert(input);

        using var expected = standard.forward(input);
        using var actual = relaid.forward(channelsLastInput);

        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5), $"max difference {(actual - expected).abs().max().item<float>()}");
    }

    [Fact]
    public void Channels_last_weights_save_in_the_standard_layout()
    {
        var (relaid, standard) = BothLayouts(seed: 5);
        using var disposeRelaid = relaid;
        using var disposeStandard = standard;

        byte[] saved = WeightsSerializer.Save(relaid);

        Assert.Equal(WeightsSerializer.Save(standard), saved);
        using var loaded = ModelFactory.Create(SmallResNet, new ImageShape(3, 12, 12), 3);
        WeightsSerializer.Load(loaded, saved);
        relaid.eval();
        loaded.eval();
        using var input = randn(2, 3, 12, 12);
        using var expected = relaid.forward(input);
        using var actual = loaded.forward(input);
        Assert.True(actual.allclose(expected, rtol: 1e-4, atol: 1e-5));
    }

    private static readonly ResNetConfig SmallResNet = new(Stages: 2, BlocksPerStage: 1, BaseWidth: 8);

    /// <summary>The same freshly initialised network twice: as training builds it (channels-last) and as packages do.</summary>
    private static (nn.Module<Tensor, Tensor> ChannelsLast, nn.Module<Tensor, Tensor> Standard) BothLayouts(int seed)
    {
        var request = Request(SmallResNet);
        manual_seed(seed);
        var relaid = TrainingNetwork.Create(request);
        manual_seed(seed);
        return (relaid, request.Task.CreateNetwork(request.Model));
    }

    private static IEnumerable<Tensor> Convolutions(nn.Module network) =>
        network.named_modules().Select(entry => entry.module).OfType<Conv2d>().Select(conv => conv.weight);
}
