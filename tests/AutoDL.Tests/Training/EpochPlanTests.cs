using AutoDL.Training;

namespace AutoDL.Tests.Training;

public sealed class EpochPlanTests
{
    // 1 ms per training image, 0.25 ms per validation image: an epoch of 10,000 + 1,000 images costs 10.25 s.
    private static readonly TrainingCost Cost = new(0.001, 0.00025);

    [Fact]
    public void Planned_epochs_that_fit_are_kept()
    {
        var plan = EpochPlan.Fit(5, Cost, secondsLeft: 60, trainCount: 10_000, validationCount: 1_000, batchSize: 128);

        Assert.Equal(new EpochPlan(5, null), plan);
    }

    [Fact]
    public void Too_many_epochs_are_cut_to_what_fits()
    {
        var plan = EpochPlan.Fit(20, Cost, secondsLeft: 60, trainCount: 10_000, validationCount: 1_000, batchSize: 128);

        Assert.Equal(new EpochPlan(5, null), plan);
    }

    [Fact]
    public void Below_three_full_epochs_the_epochs_get_shorter_instead()
    {
        var plan = EpochPlan.Fit(20, Cost, secondsLeft: 15, trainCount: 10_000, validationCount: 1_000, batchSize: 128);

        Assert.NotNull(plan);
        Assert.Equal(EpochPlan.MinimumEpochs, plan.Epochs);
        // 90% of 15 s over 3 epochs = 4.5 s each, less 0.25 s of validation, at 1 ms per image.
        Assert.Equal(4250, plan.ExamplesPerEpoch);
        Assert.True(plan.Epochs * Cost.EpochSeconds(plan.ExamplesPerEpoch!.Value, 1_000) <= 15);
    }

    [Fact]
    public void When_not_even_two_batches_fit_there_is_no_plan()
    {
        Assert.Null(EpochPlan.Fit(10, Cost, secondsLeft: 1, trainCount: 10_000, validationCount: 1_000, batchSize: 128));
    }
}
