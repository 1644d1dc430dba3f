using AutoDL.Search;
using AutoDL.Search.Schedulers;

namespace AutoDL.Tests.Search;

public sealed class MedianSchedulerTests
{
    // Values at step 2 are 0.5 to 0.9: the median is 0.7.
    private static readonly TrialRecord[] Five =
    [
        TestTrials.Complete(0, 0.4, 0.5, 0.6),
        TestTrials.Complete(1, 0.5, 0.6, 0.7),
        TestTrials.Complete(2, 0.6, 0.7, 0.8),
        TestTrials.Complete(3, 0.7, 0.8, 0.9),
        TestTrials.Complete(4, 0.8, 0.9, 0.95),
    ];

    [Fact]
    public void A_trial_clearly_below_the_median_is_pruned_and_one_above_goes_on()
    {
        var scheduler = new MedianScheduler();

        Assert.True(scheduler.ShouldPrune(TestTrials.Running(5, 0.3, 0.4), 2, Five));
        Assert.False(scheduler.ShouldPrune(TestTrials.Running(5, 0.3, 0.8), 2, Five));
    }

    [Fact]
    public void The_trials_best_value_so_far_is_compared_not_its_latest()
    {
        var scheduler = new MedianScheduler();

        Assert.False(scheduler.ShouldPrune(TestTrials.Running(5, 0.75, 0.4), 2, Five));
    }

    [Fact]
    public void Nothing_is_pruned_before_the_start_up_trials_complete()
    {
        var scheduler = new MedianScheduler(StartupTrials: 5);
        // Running and pruned trials do not count towards the start-up, nor towards the median.
        TrialRecord[] history = [.. Five[..4], TestTrials.Running(4, 0.9, 0.9), TestTrials.Running(5, 0.9, 0.9) with { State = TrialState.Pruned }];

        Assert.False(scheduler.ShouldPrune(TestTrials.Running(6, 0.1, 0.1), 2, history));
        Assert.True(scheduler.ShouldPrune(TestTrials.Running(6, 0.1, 0.1), 2, Five));
    }

    [Fact]
    public void Only_steps_after_the_warm_up_and_on_the_interval_are_checked()
    {
        var scheduler = new MedianScheduler(WarmupSteps: 1, IntervalSteps: 2);
        var hopeless = TestTrials.Running(5, 0, 0, 0);

        Assert.Equal([false, true, false], [.. Enumerable.Range(1, 3).Select(step => scheduler.ShouldPrune(hopeless, step, Five))]);
    }

    [Fact]
    public void A_trial_whose_values_are_all_nan_is_pruned()
    {
        var scheduler = new MedianScheduler();

        Assert.True(scheduler.ShouldPrune(TestTrials.Running(5, double.NaN), 1, Five));
    }
}
