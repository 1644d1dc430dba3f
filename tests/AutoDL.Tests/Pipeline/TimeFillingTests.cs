using AutoDL.Events;
using AutoDL.Pipeline;

namespace AutoDL.Tests.Pipeline;

public sealed class TimeFillingTests
{
    [Fact]
    public void Epochs_cheaper_than_measured_buy_more_epochs_in_the_same_time()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var filling = new TimeFilling(trial: 2, epochs: 10, plannedEpochSeconds: 48, seconds: 480, clock, events.Add);

        // The first epoch pays one-off costs and only starts the count.
        Assert.Equal(10, Epoch(filling, time, seconds: 45, done: 1, planned: 10));
        Assert.Empty(events);
        // 480 s planned, 395 s left after two epochs: 9 more at 40 s, with a few percent to spare.
        Assert.Equal(11, Epoch(filling, time, seconds: 40, done: 2, planned: 10));
        Assert.Equal(11, filling.Epochs);
        var replanned = Assert.Single(events.OfType<EpochsReplanned>());
        Assert.Equal((2, 2, 11, 10, 40.0, 48.0), (replanned.Trial, replanned.Epoch, replanned.Epochs, replanned.PreviousEpochs, replanned.EpochSeconds, replanned.PlannedEpochSeconds));
    }

    [Fact]
    public void Epochs_dearer_than_measured_are_cut_to_those_that_fit_its_time()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var filling = new TimeFilling(trial: 1, epochs: 10, plannedEpochSeconds: 40, seconds: 400, clock, events.Add);

        Epoch(filling, time, seconds: 55, done: 1, planned: 10);
        // 400 s planned, 295 s left: 5 more at 50 s, where 8 would take 400 s.
        Assert.Equal(7, Epoch(filling, time, seconds: 50, done: 2, planned: 10));
        Assert.Single(events.OfType<EpochsReplanned>());
    }

    [Fact]
    public void The_training_time_left_bounds_the_epochs_as_well_as_the_trial_s_time()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(300), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var filling = new TimeFilling(trial: 1, epochs: 10, plannedEpochSeconds: 40, seconds: 400, clock, events.Add);

        Epoch(filling, time, seconds: 40, done: 1, planned: 10);
        // The trial's own 400 s would fit the 8 epochs planned after these two, but the fit has ~215 s of training left.
        Assert.Equal(7, Epoch(filling, time, seconds: 40, done: 2, planned: 10));
    }

    [Fact]
    public void A_cost_a_few_percent_below_the_measured_one_keeps_the_plan()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var filling = new TimeFilling(trial: 1, epochs: 10, plannedEpochSeconds: 40, seconds: 400, clock, events.Add);

        Epoch(filling, time, seconds: 40, done: 1, planned: 10);
        // 8 more epochs at 39 s take 312 s of the 321 s left; a ninth would fit only without the margin.
        Assert.Equal(10, Epoch(filling, time, seconds: 39, done: 2, planned: 10));
        Assert.Empty(events);
    }

    [Fact]
    public void A_trial_given_all_the_time_left_is_lengthened_to_fill_it()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var filling = new TimeFilling(trial: 1, epochs: 10, plannedEpochSeconds: 40, seconds: double.PositiveInfinity, clock, events.Add);

        Epoch(filling, time, seconds: 40, done: 1, planned: 10);
        // 915 s of training left (15 s kept back): 29 more epochs at 30 s, with a few percent to spare.
        Assert.Equal(31, Epoch(filling, time, seconds: 30, done: 2, planned: 10));
    }

    [Fact]
    public void A_schedule_past_its_middle_is_never_lengthened()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var filling = new TimeFilling(trial: 1, epochs: 10, plannedEpochSeconds: 48, seconds: 480, clock, events.Add);
        for (int done = 1; done <= 5; done++)
        {
            Assert.Equal(10, Epoch(filling, time, seconds: 48, done, planned: 10));
        }

        // Epochs now take 42 s on average and 222 s are left: 5 more would fit, but the 4 planned stay, their rate annealing.
        Assert.Equal(10, Epoch(filling, time, seconds: 18, done: 6, planned: 10));
        Assert.Empty(events);
    }

    private static int Epoch(TimeFilling filling, ManualTime time, double seconds, int done, int planned)
    {
        time.Advance(TimeSpan.FromSeconds(seconds));
        return filling.Replan(done, planned);
    }
}
