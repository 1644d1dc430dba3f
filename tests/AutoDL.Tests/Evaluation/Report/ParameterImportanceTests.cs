using AutoDL.Evaluation.Report;
using AutoDL.Search;

namespace AutoDL.Tests.Evaluation.Report;

public sealed class ParameterImportanceTests
{
    [Fact]
    public void Given_trials_whose_value_follows_one_parameter_then_that_parameter_explains_the_most()
    {
        // Value = the learning rate's level; each of the three widths was tried at every level.
        var trials = Enumerable.Range(0, 12).Select(i => Trial(i, new() { ["lr"] = i % 4, ["width"] = i / 4 }, value: 0.5 + 0.1 * (i % 4))).ToList();

        var shares = ParameterImportance.Estimate(trials);

        Assert.Equal(["lr", "width"], shares.Select(s => s.Name));
        Assert.Equal(1, shares[0].Share, 1e-9);
        Assert.Equal(0, shares[1].Share, 1e-9);
    }

    [Fact]
    public void Given_a_hand_computed_case_then_the_share_is_the_between_group_variance_over_the_total()
    {
        // Values 1, 2 (a = 0) and 3, 6 (a = 1): mean 3, total SS 4+1+0+9 = 14; group means 1.5 and 4.5: between SS 2·2.25·2 = 9.
        var trials = new[] { Trial(0, new() { ["a"] = 0 }, 1), Trial(1, new() { ["a"] = 0 }, 2), Trial(2, new() { ["a"] = 1 }, 3), Trial(3, new() { ["a"] = 1 }, 6) };

        var share = Assert.Single(ParameterImportance.Estimate(trials));

        Assert.Equal(9.0 / 14, share.Share, 1e-12);
    }

    [Fact]
    public void Given_fewer_than_four_completed_trials_or_no_spread_then_nothing_is_estimated()
    {
        var three = Enumerable.Range(0, 3).Select(i => Trial(i, new() { ["a"] = i }, i)).ToList();
        var pruned = three.Append(Trial(3, new() { ["a"] = 3 }, 3) with { State = TrialState.Pruned }).ToList();
        var flat = Enumerable.Range(0, 6).Select(i => Trial(i, new() { ["a"] = i }, 0.7)).ToList();

        Assert.Empty(ParameterImportance.Estimate(pruned));
        Assert.Empty(ParameterImportance.Estimate(flat));
    }

    [Fact]
    public void Given_a_parameter_with_many_values_then_trials_are_grouped_into_bins_of_its_sorted_values()
    {
        // Twelve distinct values: four bins of three; the value rises with the parameter, so the bins explain most of it.
        var trials = Enumerable.Range(0, 12).Select(i => Trial(i, new() { ["lr"] = i * 0.1 }, value: i)).ToList();

        var share = Assert.Single(ParameterImportance.Estimate(trials));

        // Bin means 1, 4, 7, 10 around 5.5: between SS 3·(20.25+2.25+2.25+20.25) = 135; total SS 143.
        Assert.Equal(135.0 / 143, share.Share, 1e-12);
    }

    private static TrialRecord Trial(int number, Dictionary<string, double> parameters, double value) =>
        new(number, parameters, TrialState.Complete) { Value = value };
}
