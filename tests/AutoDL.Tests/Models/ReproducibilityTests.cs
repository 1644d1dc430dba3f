using AutoDL.Data;
using AutoDL.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace AutoDL.Tests.Models;

[Collection(TorchCollection.Name)]
public sealed class ReproducibilityTests
{
    private static readonly ImageShape Input = new(3, 32, 32);

    [Theory]
    [MemberData(nameof(SampleConfigs.Json), MemberType = typeof(SampleConfigs))]
    public void Same_seed_builds_identical_weights_and_another_seed_does_not(string json)
    {
        using var scope = torch.NewDisposeScope();
        var config = ModelConfigJson.Deserialize(json);
        using var first = Build(config, seed: 7);
        using var second = Build(config, seed: 7);
        using var third = Build(config, seed: 8);

        var a = first.state_dict();
        var b = second.state_dict();
        var c = third.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        Assert.All(a.Keys, key => Assert.True(a[key].equal(b[key]).all().item<bool>(), $"{key} differs under the same seed"));
        Assert.Contains(a.Keys, key => !a[key].equal(c[key]).all().item<bool>());
    }

    [Theory]
    [MemberData(nameof(SampleConfigs.Json), MemberType = typeof(SampleConfigs))]
    public void Saved_weights_load_into_a_network_rebuilt_from_the_json_and_give_identical_outputs(string json)
    {
        using var scope = torch.NewDisposeScope();
        var config = ModelConfigJson.Deserialize(json);
        using var trained = Build(config, seed: 11);
        TrainOneStep(trained);

        // Module.save closes its stream, so the bytes are copied out as a file or package would hold them.
        using var saved = new MemoryStream();
        trained.save(saved);
        using var stream = new MemoryStream(saved.ToArray());

        using var restored = Build(ModelConfigJson.Deserialize(ModelConfigJson.Serialize(config)), seed: 12);
        restored.load(stream);

        trained.eval();
        restored.eval();
        var images = torch.randn(4, Input.Channels, Input.Height, Input.Width);
        using var noGrad = torch.no_grad();
        Assert.True(trained.forward(images).equal(restored.forward(images)).all().item<bool>());
    }

    private static nn.Module<Tensor, Tensor> Build(ModelConfig config, int seed)
    {
        torch.manual_seed(seed);
        return ModelFactory.Create(config, Input, 6);
    }

    /// <summary>Moves the weights and batch-norm statistics away from their initial values, so loading has something to carry.</summary>
    private static void TrainOneStep(nn.Module<Tensor, Tensor> network)
    {
        network.train();
        using var optimizer = optim.SGD(network.parameters(), 0.1);
        var loss = nn.functional.cross_entropy(
            network.forward(torch.randn(8, Input.Channels, Input.Height, Input.Width)),
            torch.randint(0, 6, [8], dtype: ScalarType.Int64));
        loss.backward();
        optimizer.step();
    }
}
