using AutoDL.Search.Schedulers;

namespace AutoDL.Tests.Search;

public sealed class HyperbandSchedulerTests
{
    private static readonly HyperbandScheduler Scheduler = new(MinResource: 1, MaxResource: 9, ReductionFactor: 3);

    /// <summary>The first <paramref name="count"/> trial numbers that fall in <paramref name="bracket"/>.</summary>
    private static List<int> NumbersIn(int bracket, int count) =>
        [.. Enumerable.Range(0, 10_000).Where(n => Scheduler.BracketOf(n) == bracket).Take(count)];

    private static double[] Constant(double value, int steps) => [.. Enumerable.Repeat(value, steps)];

    [Fact]
    public void Brackets_run_from_judging_after_one_unit_to_judging_only_at_the_maximum()
    {
        var firstPrunes = new List<int>();

        for (int bracket = 0; bracket < Scheduler.BracketCount; bracket++)
        {
            var numbers = NumbersIn(bracket, 4);
            var strong = numbers.Skip(1).Select(n => TestTrials.Complete(n, Constant(0.9, 9))).ToList();
            var weak = TestTrials.Running(numbers[0], Constant(0.1, 9));

            firstPrunes.Add(Enumerable.Range(1, 9).First(step => Scheduler.ShouldPrune(weak, step, strong)));
        }

        Assert.Equal([1, 3, 9], firstPrunes);
    }

    [Fact]
    public void A_trial_is_compared_only_with_trials_of_its_own_bracket()
    {
        var numbers = NumbersIn(0, 2);
        var weak = TestTrials.Running(numbers[0], 0.1);
        var otherBrackets = NumbersIn(1, 3).Concat(NumbersIn(2, 3)).Select(n => TestTrials.Complete(n, Constant(0.9, 9))).ToList();

        Assert.False(Scheduler.ShouldPrune(weak, 1, otherBrackets));
        Assert.True(Scheduler.ShouldPrune(weak, 1, [.. otherBrackets, TestTrials.Complete(numbers[1], 0.9)]));
    }

    [Fact]
    public void Trials_fall_into_brackets_in_proportion_to_their_budgets()
    {
        var scheduler = new HyperbandScheduler(MinResource: 1, MaxResource: 27, ReductionFactor: 3);
        // Optuna's budgets for four brackets with η = 3: ⌈4·27/4⌉, ⌈4·9/3⌉, ⌈4·3/2⌉, ⌈4·1/1⌉ = 27, 12, 6, 4 of 49.
        double[] expected = [27 / 49.0, 12 / 49.0, 6 / 49.0, 4 / 49.0];

        var counts = Enumerable.Range(0, 49_000).GroupBy(scheduler.BracketOf).OrderBy(g => g.Key).Select(g => g.Count() / 49_000.0).ToList();

        Assert.Equal(4, scheduler.BracketCount);
        Assert.All(Enumerable.Range(0, 4), b => Assert.InRange(counts[b], expected[b] - 0.01, expected[b] + 0.01));
    }

    [Fact]
    public void A_maximum_below_the_minimum_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new HyperbandScheduler(MinResource: 3, MaxResource: 2));
    }
}
