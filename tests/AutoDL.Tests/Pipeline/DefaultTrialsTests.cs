using AutoDL.Events;
using AutoDL.Pipeline;

namespace AutoDL.Tests.Pipeline;

public sealed class DefaultTrialsTests
{
    private const int TargetEpochs = 12;

    /// <summary>One training example and nothing to validate or test: an epoch costs exactly its width's seconds, and finishing costs nothing but the clock's margin.</summary>
    private static readonly SplitSizes OneExample = new(1, 0, 0);

    [Fact]
    public void A_budget_too_short_for_two_defaults_trains_the_widest_network_that_gets_the_target_epochs_for_nearly_all_of_it()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var defaults = Defaults(clock, events, new() { [16] = 50, [24] = 70, [32] = 120 });

        using var plan = defaults.Plan(Ladder(16, 24, 32)).GetEnumerator();
        Assert.True(plan.MoveNext());
        // 985 s to train (1.5 % kept back): 12 epochs of width 16 (600 s) leave less than as long again, so one default;
        // width 32 would get 7 epochs in 95 % of the time, width 24 gets 13.
        Assert.Equal((24, 13), (Width(plan.Current), Epochs(plan.Current)));
        Assert.True(defaults.FillsTimeLeft);
        var planned = Assert.Single(events.OfType<TrainingPlanned>());
        Assert.Equal("only default", planned.Role);

        time.Advance(TimeSpan.FromSeconds(13 * 70));
        Assert.False(plan.MoveNext());
        // 75 s are left, less than the 600 s that would train even the cheapest network as far as a default.
        var skipped = Assert.Single(events.OfType<SearchSkipped>());
        Assert.Equal(600, skipped.TrialSeconds, 6);
        Assert.True(clock.TrainingToken.IsCancellationRequested);
    }

    [Fact]
    public void A_longer_budget_trains_a_quick_default_then_a_wider_main_one_and_leaves_the_search_what_their_epochs_cap_spares()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(3000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var defaults = Defaults(clock, events, new() { [16] = 20, [24] = 45, [32] = 90, [48] = 250 });

        using var plan = defaults.Plan(Ladder(16, 24, 32, 48)).GetEnumerator();
        Assert.True(plan.MoveNext());
        Assert.Equal((16, TargetEpochs), (Width(plan.Current), Epochs(plan.Current)));
        Assert.False(defaults.FillsTimeLeft);

        time.Advance(TimeSpan.FromSeconds(TargetEpochs * 20));
        Assert.True(plan.MoveNext());
        // Chosen from the 2,715 s then left: width 48 would get 10 epochs, width 32 gets 28, capped at twice the target.
        Assert.Equal((32, 2 * TargetEpochs), (Width(plan.Current), Epochs(plan.Current)));
        // Capped, it keeps to the time of its epochs; the rest is the search's.
        Assert.False(defaults.FillsTimeLeft);
        Assert.Equal(["quick default", "main default"], events.OfType<TrainingPlanned>().Select(e => e.Role));

        time.Advance(TimeSpan.FromSeconds(2 * TargetEpochs * 90));
        Assert.False(plan.MoveNext());
        // 555 s are left, enough to train the cheapest network 12 epochs (240 s): the search runs.
        Assert.Empty(events.OfType<SearchSkipped>());
        Assert.False(clock.TrainingToken.IsCancellationRequested);
    }

    [Fact]
    public void When_no_network_gets_the_target_epochs_the_cheapest_trains_as_many_as_fit()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(300), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var defaults = Defaults(clock, events, new() { [16] = 40, [24] = 60 });

        using var plan = defaults.Plan(Ladder(16, 24)).GetEnumerator();
        Assert.True(plan.MoveNext());

        // 295 s to train (5 s kept back), 95 % of it: 7 epochs of width 16.
        Assert.Equal((16, 7), (Width(plan.Current), Epochs(plan.Current)));
        Assert.Contains("not even the cheapest", Assert.Single(events.OfType<TrainingPlanned>()).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_main_default_keeps_the_epochs_beyond_its_cap_when_they_could_not_train_a_search_trial()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var defaults = Defaults(clock, events, new() { [16] = 20, [24] = 35, [32] = 100 });

        using var plan = defaults.Plan(Ladder(16, 24, 32)).GetEnumerator();
        Assert.True(plan.MoveNext());
        // 985 s left: width 32 gets 9 epochs in 95 % of them, width 24 gets 26. Capped at 24 it would leave 145 s, less than
        // a search trial (12 epochs of width 16, 240 s), so it trains all 26.
        Assert.Equal((24, 26), (Width(plan.Current), Epochs(plan.Current)));
        Assert.True(defaults.FillsTimeLeft);
        Assert.Contains("could not train a search trial", Assert.Single(events.OfType<TrainingPlanned>()).Reason, StringComparison.Ordinal);

        time.Advance(TimeSpan.FromSeconds(26 * 35));
        Assert.False(plan.MoveNext());
        Assert.Single(events.OfType<SearchSkipped>());
    }

    [Fact]
    public void When_the_time_after_a_quick_default_would_train_the_same_network_again_one_default_gets_all_of_it()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(600), CancellationToken.None, time);
        var events = new List<FitEvent>();
        var defaults = Defaults(clock, events, new() { [16] = 20, [24] = 50 });

        using var plan = defaults.Plan(Ladder(16, 24)).GetEnumerator();
        Assert.True(plan.MoveNext());
        // 591 s to train: a quick default (240 s) would fit and leave 351 s, in which width 24 gets only 6 epochs, so the
        // main default would be width 16 again. Width 16 instead trains 28 epochs in 95 % of all 591 s.
        Assert.Equal((16, 28), (Width(plan.Current), Epochs(plan.Current)));
        Assert.True(defaults.FillsTimeLeft);
        var planned = Assert.Single(events.OfType<TrainingPlanned>());
        Assert.Equal("only default", planned.Role);
        Assert.Contains("no quick default first", planned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_quick_default_that_would_take_epochs_from_a_wider_main_one_is_not_trained()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1800), CancellationToken.None, time);
        var events = new List<FitEvent>();
        // About what a 30-minute Fashion-MNIST fit measures on a 2-core machine.
        var defaults = Defaults(clock, events, new() { [16] = 40, [24] = 80, [32] = 146 });

        using var plan = defaults.Plan(Ladder(16, 24, 32)).GetEnumerator();
        Assert.True(plan.MoveNext());
        // 1,773 s left. After a quick default (480 s) width 24 would still get its 12 epochs, but 15 rather than the 21 it
        // gets in 95 % of all the time (width 32 gets 11): the quick default would cost the main one 6 epochs.
        Assert.Equal((24, 21), (Width(plan.Current), Epochs(plan.Current)));
        Assert.True(defaults.FillsTimeLeft);
        var planned = Assert.Single(events.OfType<TrainingPlanned>());
        Assert.Equal("only default", planned.Role);
        Assert.Contains("no quick default first", planned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_finish_reserve_shrinks_to_what_a_validation_pass_measured()
    {
        var time = new ManualTime();
        using var clock = new FitClock(TimeSpan.FromSeconds(1000), CancellationToken.None, time);
        var costs = new CostPerWidth(new Dictionary<int, double> { [16] = 20 }) { EvalSecondsPerImage = 1e-3 };
        var sizes = new SplitSizes(1000, 1000, 1000);
        var defaults = new DefaultTrials(costs, new LadderSearch([16], TargetEpochs), clock, sizes, mirrorKeepsTargets: false, _ => { });
        var network = Ladder(16)[0];
        long examples = FinalModelChoice.ExamplesToScore(sizes, mirrorKeepsTargets: false, members: 2);

        defaults.ReserveFinishTime(network, members: 2);
        var before = clock.Reserve;
        costs.EvalSecondsPerImage = 0.25e-3;
        defaults.ReviseFinishTime();

        // The clock's own margin (15 s at 1,000 s) stays; the evaluation's part falls with the cost, to a quarter.
        Assert.Equal(1.2 * examples * 0.75e-3, (before - clock.Reserve).TotalSeconds, 6);
        Assert.Equal(15 + 1.2 * examples * 0.25e-3, clock.Reserve.TotalSeconds, 6);
    }

    private static DefaultTrials Defaults(FitClock clock, List<FitEvent> events, Dictionary<int, double> epochSeconds) =>
        new(new CostPerWidth(epochSeconds), new LadderSearch([.. epochSeconds.Keys], TargetEpochs), clock, OneExample, mirrorKeepsTargets: false, events.Add);

    private static IReadOnlyList<IReadOnlyDictionary<string, double>> Ladder(params int[] widths) => new LadderSearch(widths, TargetEpochs).DefaultLadder(128);

    private static int Width(IReadOnlyDictionary<string, double> parameters) => (int)parameters["width"];

    private static int Epochs(IReadOnlyDictionary<string, double> parameters) => (int)parameters["epochs"];
}
