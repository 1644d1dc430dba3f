using AutoDL.Data;
using AutoDL.Models;
using AutoDL.Tasks.ImageClassification.Training;
using AutoDL.Tests.TestData;
using AutoDL.Training;
using TorchSharp;

namespace AutoDL.Tests.Training;

[Collection(TorchCollection.Name)]
public sealed class TrainerTests
{
    private static TrainingRequest Request(int epochs, int seed = 7) => SyntheticImages.BandsRequest(
        new PlainCnnConfig(Blocks: 1, BaseWidth: 8),
        new TrainingConfig(LearningRate: 1e-2, BatchSize: 16, Epochs: epochs, EarlyStoppingPatience: 0),
        seed);

    [Fact]
    public void Given_a_learnable_set_when_trained_then_validation_accuracy_is_high()
    {
        var result = new Trainer().Train(Request(epochs: 6));

        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(6, result.History.Count);
        Assert.True(result.BestValidationScore >= 0.9, $"accuracy {result.BestValidationScore}");
        Assert.NotNull(result.BestWeights);
    }

    [Fact]
    public void Given_the_same_seed_when_trained_twice_then_the_histories_match()
    {
        var first = new Trainer().Train(Request(epochs: 2));
        var second = new Trainer().Train(Request(epochs: 2));

        Assert.Equal(first.History.Select(h => h.TrainLoss), second.History.Select(h => h.TrainLoss));
    }

    [Fact]
    public void Live_tensor_count_does_not_grow_across_epochs()
    {
        var liveAfterEpoch = new List<long>();
        var request = Request(epochs: 5) with
        {
            OnEpoch = _ =>
            {
                liveAfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                return true;
            },
        };

        new Trainer().Train(request);

        Assert.Equal(5, liveAfterEpoch.Count);
        Assert.All(liveAfterEpoch.Skip(1), count => Assert.Equal(liveAfterEpoch[1], count));
    }

    [Fact]
    public void Returning_false_from_the_epoch_callback_prunes_the_run()
    {
        var request = Request(epochs: 5) with { OnEpoch = outcome => outcome.Report.Epoch < 2 };

        var result = new Trainer().Train(request);

        Assert.Equal(StopReason.Pruned, result.StopReason);
        Assert.Equal(2, result.History.Count);
    }

    [Fact]
    public void A_run_re_planned_to_more_epochs_trains_them()
    {
        var planned = new List<int>();
        var request = Request(epochs: 3) with { Replan = (done, epochs) => { planned.Add(epochs); return 5; } };

        var result = new Trainer().Train(request);

        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(5, result.History.Count);
        // Asked after every epoch but the last, with what was planned until then.
        Assert.Equal([3, 5, 5, 5], planned);
    }

    [Fact]
    public void A_run_re_planned_to_fewer_epochs_than_done_trains_one_more_and_completes()
    {
        var request = Request(epochs: 6) with { Replan = (done, _) => done >= 2 ? 1 : 6 };

        var result = new Trainer().Train(request);

        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(3, result.History.Count);
    }

    [Fact]
    public void A_cancelled_token_stops_before_the_first_epoch_finishes()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        var result = new Trainer().Train(Request(epochs: 5), cancelled.Token);

        Assert.Equal(StopReason.Cancelled, result.StopReason);
        Assert.Empty(result.History);
        Assert.Null(result.BestWeights);
    }

    [Fact]
    public void Early_stopping_waits_for_the_second_half_of_the_schedule()
    {
        var request = Request(epochs: 10) with { Training = new TrainingConfig(LearningRate: 1e-2, BatchSize: 16, Epochs: 10, EarlyStoppingPatience: 1) };

        var result = new Trainer().Train(request);

        // The bands are learnt perfectly within a few epochs, so a run that may stop does stop, but only after epoch 5.
        Assert.Equal(StopReason.EarlyStopped, result.StopReason);
        Assert.InRange(result.History.Count, 6, 9);
    }

    [Fact]
    public void A_one_cycle_run_of_four_steps_trains_instead_of_starting_from_a_nan_learning_rate()
    {
        // Sixteen images in batches of 16 for 4 epochs: TorchSharp's one-cycle schedule divides 0 by 0 at 4 steps.
        var bands = SyntheticImages.Bands(40, seed: 1);
        var train = bands.Subset([.. Enumerable.Range(0, 16)]);
        var request = new TrainingRequest(new PlainCnnConfig(Blocks: 1, BaseWidth: 8), new TrainingConfig(LearningRate: 1e-2, BatchSize: 16, Epochs: 4, EarlyStoppingPatience: 0),
            new ClassificationTraining(train, SyntheticImages.Bands(10, seed: 2), NormalizationStats.Compute(train)), 7);

        var result = new Trainer().Train(request);

        Assert.Equal(StopReason.Completed, result.StopReason);
        Assert.Equal(4, result.History.Count);
        Assert.All(result.History, epoch => Assert.True(double.IsFinite(epoch.TrainLoss), $"epoch {epoch.Epoch}: loss {epoch.TrainLoss}"));
    }

    [Fact]
    public void A_huge_learning_rate_is_reported_as_diverged()
    {
        var request = Request(epochs: 3) with { Training = new TrainingConfig(LearningRate: 1e12, BatchSize: 16, Epochs: 3, Optimizer: OptimizerKind.SgdNesterov, Schedule: LearningRateSchedule.Cosine) };

        var result = new Trainer().Train(request);

        Assert.Equal(StopReason.Diverged, result.StopReason);
    }

    [Fact]
    public void Given_tensor_augmentation_and_mixing_when_trained_then_it_still_learns_and_memory_stays_flat()
    {
        var liveAfterEpoch = new List<long>();
        var augmentation = new AutoDL.Data.Augmentation.AugmentationConfig(1, false) { Magnitude = 0.2, ErasingProbability = 0.3, Mix = AutoDL.Data.Augmentation.MixKind.Mixup };
        var request = Request(epochs: 8) with
        {
            Training = new TrainingConfig(LearningRate: 1e-2, BatchSize: 16, Epochs: 8, EarlyStoppingPatience: 0, Augmentation: augmentation),
            OnEpoch = _ =>
            {
                liveAfterEpoch.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
                return true;
            },
        };

        var result = new Trainer().Train(request);

        Assert.True(result.BestValidationScore >= 0.9, $"accuracy {result.BestValidationScore}");
        Assert.All(liveAfterEpoch.Skip(1), count => Assert.Equal(liveAfterEpoch[1], count));
    }

    [Theory]
    [InlineData(ClassBalancing.WeightedLoss)]
    [InlineData(ClassBalancing.BalancedSampling)]
    public void Given_a_rare_class_when_balanced_then_it_is_learnt_where_plain_training_ignores_it(ClassBalancing balancing)
    {
        var plain = new Trainer().Train(RareClassRequest(ClassBalancing.None));
        var balanced = new Trainer().Train(RareClassRequest(balancing));

        // The control: without balancing this small network never predicts the rare class (balanced accuracy 2/3).
        Assert.True(plain.BestValidationScore < 0.8, $"plain training reached {plain.BestValidationScore}");
        Assert.True(balanced.BestValidationScore >= 0.95, $"balanced accuracy {balanced.BestValidationScore}");
        Assert.Equal(balanced.BestValidationScore, balanced.History[balanced.BestEpoch - 1].ValidationScore);
    }

    /// <summary>Class 2 has 4 training images against 40 of each other class; selected on balanced accuracy.</summary>
    private static TrainingRequest RareClassRequest(ClassBalancing balancing)
    {
        var bands = SyntheticImages.Bands(40, seed: 1);
        var train = bands.Subset(Enumerable.Range(0, bands.Count).Where(i => bands.Labels[i] != 2 || i < 12).ToArray());
        return new TrainingRequest(
            new PlainCnnConfig(Blocks: 1, BaseWidth: 8),
            new TrainingConfig(LearningRate: 1e-2, BatchSize: 16, Epochs: 20, EarlyStoppingPatience: 0, Balancing: balancing),
            new ClassificationTraining(train, SyntheticImages.Bands(10, seed: 2), NormalizationStats.Compute(train)) { Metric = SelectionMetric.BalancedAccuracy },
            7);
    }
}
