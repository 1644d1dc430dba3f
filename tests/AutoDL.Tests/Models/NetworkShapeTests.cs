using AutoDL.Data;
using AutoDL.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class NetworkShapeTests
{
    private const int Classes = 5;

    [Theory]
    [MemberData(nameof(SampleConfigs.JsonTimesShapes), MemberType = typeof(SampleConfigs))]
    public void Every_family_gives_one_logit_per_class_and_backpropagates(string json, int channels, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        var input = new ImageShape(channels, height, width);
        using var network = ModelFactory.Create(ModelConfigJson.Deserialize(json), input, Classes);
        network.train();

        var images = torch.randn(3, channels, height, width);
        var labels = torch.tensor(new long[] { 0, 2, 4 });
        var logits = network.forward(images);
        Assert.Equal(new long[] { 3, Classes }, logits.shape);

        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        Assert.True(float.IsFinite(loss.item<float>()));
        foreach (var (name, parameter) in network.named_parameters())
        {
            Assert.True(parameter.grad is not null, $"{name} has no gradient");
            Assert.True(parameter.grad!.isfinite().all().item<bool>(), $"{name} has a non-finite gradient");
        }
    }

    [Theory]
    [InlineData(1, 28, 28)]
    [InlineData(3, 224, 224)]
    [InlineData(1, 4, 4)]
    [InlineData(3, 1, 1)]
    [InlineData(1, 28, 96)]
    public void ResNet_and_MobileNetV2_accept_tiny_to_ImageNet_sized_and_non_square_images(int channels, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        var input = new ImageShape(channels, height, width);
        foreach (var config in new ModelConfig[] { new ResNetConfig(4, 1, 8, StemKind.Conv7Pool), new MobileNetV2Config(0.25, 2, 1, StemKind.Conv7Pool), new ResNetConfig(4, 1, 8) })
        {
            using var network = ModelFactory.Create(config, input, Classes);
            network.eval();
            var logits = network.forward(torch.randn(2, channels, height, width));
            Assert.Equal(new long[] { 2, Classes }, logits.shape);
        }
    }

    [Fact]
    public void Zero_initialised_residual_blocks_leave_logits_finite_and_class_neutral_at_start()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var network = ModelFactory.Create(new ResNetConfig(3, 2, 16), new ImageShape(1, 28, 28), 26);
        network.eval();
        var logits = network.forward(torch.randn(8, 1, 28, 28));
        // The classifier starts at N(0, 0.01): the first loss should be close to ln(26) ≈ 3.26.
        var loss = nn.functional.cross_entropy(logits, torch.zeros(8, dtype: ScalarType.Int64)).item<float>();
        Assert.InRange(loss, 3.0f, 3.5f);
    }
}
