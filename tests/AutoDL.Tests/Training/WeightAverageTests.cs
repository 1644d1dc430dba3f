using AutoDL.Models;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using static TorchSharp.torch;

namespace AutoDL.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class WeightAverageTests
{
    private static TrainingRequest Request(double averaging) => SyntheticImages.BandsRequest(
        new ResNetConfig(Stages: 2, BlocksPerStage: 1, BaseWidth: 8),
        new TrainingConfig(LearningRate: 1e-2, BatchSize: 16, Epochs: 3, EarlyStoppingPatience: 0) { WeightAveraging = averaging });

    [Fact]
    public void The_average_starts_as_the_network_and_its_first_update_takes_nine_elevenths_of_the_change()
    {
        var request = Request(averaging: 1);
        using var live = TrainingNetwork.Create(request);
        using var average = new WeightAverage(request, live, epochs: 1, stepsPerEpoch: 100);
        var before = average.Network.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        Assert.All(live.state_dict(), e => Assert.True(e.Value.allclose(before[e.Key], rtol: 0, atol: 0), e.Key));

        using (no_grad())
        {
            foreach (var parameter in live.parameters())
            {
                parameter.add_(1);
            }
        }
        average.Update();

        // Warm-up: the first update keeps 2/11 of the average, so a weight that rose by 1 moves 9/11 of the way.
        foreach (var (name, weight) in average.Network.named_parameters())
        {
            using var moved = weight - before[name];
            Assert.True(moved.allclose(full_like(moved, 9.0 / 11), rtol: 1e-5, atol: 1e-5), name);
        }
    }

    [Fact]
    public void Averaging_changes_what_is_validated_and_kept_but_not_how_the_network_trains()
    {
        var plain = new Trainer().Train(Request(averaging: 0));
        var averaged = new Trainer().Train(Request(averaging: 0.5));

        Assert.Equal(plain.History.Select(h => h.TrainLoss), averaged.History.Select(h => h.TrainLoss));
        Assert.NotEqual(plain.History.Select(h => h.ValidationLoss), averaged.History.Select(h => h.ValidationLoss));
        Assert.NotNull(averaged.BestWeights);
    }
}
