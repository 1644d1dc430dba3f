using AutoDL.Search;
using AutoDL.Search.Schedulers;

namespace AutoDL.Tests.Search;

public sealed class SuccessiveHalvingSchedulerTests
{
    private static TrialRecord Trial(int number, params double[] values) =>
        new(number, new Dictionary<string, double>(), TrialState.Complete) { Intermediate = values };

    [Fact]
    public void The_first_trial_to_reach_a_rung_always_goes_on()
    {
        var scheduler = new SuccessiveHalvingScheduler(MinResource: 1, ReductionFactor: 3);

        Assert.False(scheduler.ShouldPrune(Trial(0, 0.1), 1, []));
    }

    [Fact]
    public void At_a_rung_only_the_top_third_goes_on()
    {
        var scheduler = new SuccessiveHalvingScheduler(MinResource: 1, ReductionFactor: 3);
        var history = new[] { Trial(0, 0.9), Trial(1, 0.8), Trial(2, 0.7), Trial(3, 0.6), Trial(4, 0.5) };

        // With 6 values at the rung the top 2 go on: 0.9 and the candidate only if it beats 0.8.
        Assert.False(scheduler.ShouldPrune(Trial(5, 0.85), 1, history));
        Assert.True(scheduler.ShouldPrune(Trial(5, 0.75), 1, history));
    }

    [Fact]
    public void Between_rungs_nothing_is_pruned()
    {
        var scheduler = new SuccessiveHalvingScheduler(MinResource: 1, ReductionFactor: 3);
        var history = new[] { Trial(0, 0.9, 0.95, 0.97), Trial(1, 0.9, 0.95, 0.97) };

        // Rungs are at steps 1, 3, 9: step 2 is not one.
        Assert.False(scheduler.ShouldPrune(Trial(2, 0.9, 0.1), 2, history));
        Assert.True(scheduler.ShouldPrune(Trial(2, 0.9, 0.1, 0.1), 3, history));
    }
}
