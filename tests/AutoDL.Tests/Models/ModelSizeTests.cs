using AutoDL.Data;
using AutoDL.Models;
using TorchSharp;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ModelSizeTests
{
    private static readonly ImageShape Input = new(1, 28, 28);

    public static TheoryData<string, string, string> NarrowToWide() => new()
    {
        { Json(new ResNetConfig(BaseWidth: 8)), Json(new ResNetConfig(BaseWidth: 16)), Json(new ResNetConfig(BaseWidth: 32)) },
        { Json(new MobileNetV2Config(0.25)), Json(new MobileNetV2Config(0.5)), Json(new MobileNetV2Config(1.0)) },
        { Json(new PlainCnnConfig(BaseWidth: 16)), Json(new PlainCnnConfig(BaseWidth: 32)), Json(new PlainCnnConfig(BaseWidth: 64)) },
        { Json(new ResNetConfig(BlocksPerStage: 1)), Json(new ResNetConfig(BlocksPerStage: 2)), Json(new ResNetConfig(BlocksPerStage: 3)) },
    };

    [Theory]
    [MemberData(nameof(NarrowToWide))]
    public void Wider_or_deeper_networks_have_strictly_more_parameters_and_multiply_adds(string narrow, string middle, string wide)
    {
        var configs = new[] { narrow, middle, wide }.Select(ModelConfigJson.Deserialize).ToArray();
        var parameters = configs.Select(c =>
        {
            using var network = ModelFactory.Create(c, Input, 26);
            return ModelFactory.CountParameters(network);
        }).ToArray();
        var macs = configs.Select(c => ModelFactory.EstimateMultiplyAdds(c, Input, 26)).ToArray();
        Assert.True(parameters[0] < parameters[1] && parameters[1] < parameters[2], string.Join(" < ", parameters));
        Assert.True(macs[0] < macs[1] && macs[1] < macs[2], string.Join(" < ", macs));
    }

    [Fact]
    public void Multiply_adds_of_a_small_ResNet_match_a_hand_count()
    {
        // Stem 1→8 at 28×28; stage 0: two 8→8 3×3 convs at 28×28; stage 1: 8→16 stride 2 to 14×14,
        // 16→16, and a 1×1 8→16 projection at 14×14; classifier 16→10.
        long expected = (1 * 8 * 9 * 784)
            + (2 * 8 * 8 * 9 * 784)
            + (8 * 16 * 9 * 196) + (16 * 16 * 9 * 196) + (8 * 16 * 196)
            + (16 * 10);
        Assert.Equal(expected, ModelFactory.EstimateMultiplyAdds(new ResNetConfig(2, 1, 8), Input, 10));
    }

    [Fact]
    public void MobileNetV2_on_28_pixels_strides_three_times_and_ends_at_4x4()
    {
        // Expansion 1 (no expand conv): 28 → 28 → 14 → 7 → 4; each block is a depthwise 3×3 and a 1×1
        // projection at its output size; then the 64→256 head conv at 4×4 and a 256→10 classifier.
        long expected = (1 * 16 * 9 * 784)
            + (16 * 9 * 784) + (16 * 16 * 784)
            + (16 * 9 * 196) + (16 * 24 * 196)
            + (24 * 9 * 49) + (24 * 32 * 49)
            + (32 * 9 * 16) + (32 * 64 * 16)
            + (64 * 256 * 16) + (256 * 10);
        Assert.Equal(expected, ModelFactory.EstimateMultiplyAdds(new MobileNetV2Config(1.0, 1, 1), Input, 10));
    }

    [Fact]
    public void Estimating_cost_draws_no_random_numbers()
    {
        torch.manual_seed(5);
        ModelFactory.EstimateMultiplyAdds(new MobileNetV2Config(), Input, 26);
        ModelFactory.EstimateTrainingMemoryBytes(new ResNetConfig(), Input, 26, 128);
        var afterEstimate = torch.rand(4);
        torch.manual_seed(5);
        var untouched = torch.rand(4);
        Assert.True(afterEstimate.equal(untouched).all().item<bool>());
    }

    [Fact]
    public void Parameter_count_matches_the_documented_MobileNetV2_layout()
    {
        // Expansion 1, depth 1, width 1: stem 1→16 (3×3); blocks 16→16, 16→24, 24→32, 32→64, each depthwise
        // 3×3 plus a 1×1 projection; head 64→256 1×1 and a 256→2 classifier; two BN parameters per channel.
        long convs = (1 * 16 * 9) + (16 * 9 + 16 * 16) + (16 * 9 + 16 * 24) + (24 * 9 + 24 * 32) + (32 * 9 + 32 * 64) + (64 * 256);
        long norms = 2 * (16 + (16 + 16) + (16 + 24) + (24 + 32) + (32 + 64) + 256);
        long classifier = (256 * 2) + 2;
        using var network = ModelFactory.Create(new MobileNetV2Config(1.0, 1, 1), Input, 2);
        Assert.Equal(convs + norms + classifier, ModelFactory.CountParameters(network));
    }

    [Theory]
    [MemberData(nameof(SampleConfigs.JsonTimesShapes), MemberType = typeof(SampleConfigs))]
    public void Estimated_parameters_equal_the_count_of_the_built_network(string json, int channels, int height, int width)
    {
        var config = ModelConfigJson.Deserialize(json);
        var input = new ImageShape(channels, height, width);
        using var network = ModelFactory.Create(config, input, 26);
        Assert.Equal(ModelFactory.CountParameters(network), ModelFactory.EstimateParameters(config, input, 26));
    }

    [Fact]
    public void Activation_elements_of_a_one_block_PlainCnn_match_a_hand_count()
    {
        // 1×4×4 input (16); two 3×3 convs to 8 channels at 4×4, each conv and batch-norm output 128 and a
        // ReLU output 128; a 2×2 max-pool to 8×2×2 whose int64 indices count twice; average pool 8; logits 2.
        long expected = 16 + (2 * (128 + 128 + 128)) + (3 * 32) + 8 + 2;
        Assert.Equal(expected, ModelFactory.EstimateActivationElements(new PlainCnnConfig(1, 8), new ImageShape(1, 4, 4), 2));
    }

    [Fact]
    public void Training_memory_is_four_copies_of_the_weights_plus_activations_growing_with_the_batch()
    {
        var config = new ResNetConfig(3, 1, 16);
        long parameters = ModelFactory.EstimateParameters(config, Input, 10);
        long activations = ModelFactory.EstimateActivationElements(config, Input, 10);
        long at64 = ModelFactory.EstimateTrainingMemoryBytes(config, Input, 10, 64);
        long at128 = ModelFactory.EstimateTrainingMemoryBytes(config, Input, 10, 128);
        double perImage = activations * 4 * ModelFactory.ActivationMemoryFactor;
        // Each estimate is rounded up to a whole byte, so the figures agree to within a byte or two.
        Assert.InRange(at128 - at64, (64 * perImage) - 2, (64 * perImage) + 2);
        Assert.InRange(at64 - (64 * perImage), (parameters * 16) - 1, (parameters * 16) + 1);
    }

    [Fact]
    public void Training_memory_of_an_empty_batch_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelFactory.EstimateTrainingMemoryBytes(new ResNetConfig(), Input, 10, 0));
    }

    private static string Json(ModelConfig config) => ModelConfigJson.Serialize(config);
}
