using AutoDL.Training.Optimizers;
using static TorchSharp.torch;

namespace AutoDL.Tests.Training;

/// <summary>The held-scalar optimisers must take exactly TorchSharp's steps: they exist only to keep numbers alive.</summary>
[Collection(TorchCollection.Name)]
public sealed class HeldScalarOptimizerTests
{
    [Fact]
    public void AdamW_takes_the_same_steps_as_TorchSharps()
    {
        AssertSameTrajectory(
            parameters => optim.AdamW(parameters, 0.01, weight_decay: 0.05),
            parameters => new HeldScalarAdamW(parameters, 0.01, weightDecay: 0.05));
    }

    [Fact]
    public void Nesterov_SGD_takes_the_same_steps_as_TorchSharps()
    {
        AssertSameTrajectory(
            parameters => optim.SGD(parameters, 0.05, momentum: 0.9, weight_decay: 5e-4, nesterov: true),
            parameters => new HeldScalarSgd(parameters, 0.05, momentum: 0.9, weightDecay: 5e-4, nesterov: true));
    }

    private static void AssertSameTrajectory(
        Func<IList<TorchSharp.Modules.Parameter>, optim.Optimizer> reference,
        Func<IList<TorchSharp.Modules.Parameter>, optim.Optimizer> held)
    {
        var (expected, expectedInitial) = Train(reference);
        var (actual, actualInitial) = Train(held);

        Assert.Equal(expectedInitial, actualInitial);
        Assert.NotEqual(expectedInitial, expected);
        Assert.Equal(expected, actual);
    }

    /// <summary>Five steps of a seeded linear layer on seeded data; returns its weights after and before.</summary>
    private static (float[] After, float[] Before) Train(Func<IList<TorchSharp.Modules.Parameter>, optim.Optimizer> create)
    {
        manual_seed(7);
        using var layer = nn.Linear(6, 3);
        var before = layer.weight!.data<float>().ToArray();
        using var optimizer = create(layer.parameters().ToList());
        for (int step = 0; step < 5; step++)
        {
            using var scope = NewDisposeScope();
            var x = randn(8, 6);
            var y = layer.forward(x);
            var loss = (y * y).mean();
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        return (layer.weight!.data<float>().ToArray(), before);
    }
}
