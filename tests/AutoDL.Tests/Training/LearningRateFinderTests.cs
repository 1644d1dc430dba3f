using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Tests.TestData;
using AutoDL.Training;

namespace AutoDL.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class LearningRateFinderTests
{
    private static TrainingRequest Request()
    {
        var train = SyntheticImages.Bands(60, seed: 1);
        return new TrainingRequest(
            new PlainCnnConfig(Blocks: 1, BaseWidth: 8),
            new TrainingConfig(Optimizer: OptimizerKind.SgdNesterov, BatchSize: 16, LabelSmoothing: 0),
            new ClassificationTraining(train, SyntheticImages.Bands(5, seed: 2), NormalizationStats.Compute(train)),
            Seed: 3);
    }

    [Fact]
    public void The_sweep_rises_exponentially_stops_when_the_loss_blows_up_and_suggests_a_tenth_of_the_best_rate()
    {
        var sweep = LearningRateFinder.Run(Request(), from: 1e-4, to: 100, steps: 80);

        Assert.True(sweep.Diverged, $"a learning rate of 100 should blow the loss up before the sweep ends: {string.Join(", ", sweep.SmoothedLosses.Select(l => l.ToString("0.00")))}");
        Assert.True(sweep.LearningRates.Count < 80);
        Assert.All(sweep.LearningRates.Zip(sweep.LearningRates.Skip(1)), pair => Assert.Equal(Math.Pow(1e6, 1.0 / 79), pair.Second / pair.First, 6));
        Assert.Equal(sweep.SmoothedLosses.Min(), sweep.SmoothedLosses[sweep.LearningRates.ToList().IndexOf(sweep.MinimumLossRate)]);
        Assert.Equal(sweep.MinimumLossRate / 10, sweep.Suggested, 12);
        // The loss falls below its start before it blows up: the sweep found the range where the network learns.
        Assert.True(sweep.SmoothedLosses.Min() < 0.9 * sweep.SmoothedLosses[0], $"loss {string.Join(", ", sweep.SmoothedLosses.Select(l => l.ToString("0.00")))}");
        Assert.InRange(sweep.Suggested, 1e-4, 1);
    }

    [Fact]
    public void A_nonsensical_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => LearningRateFinder.Run(Request(), from: 1, to: 1e-3));
    }
}
