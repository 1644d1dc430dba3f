using AutoDL.Search;

namespace AutoDL.Tests.Search;

public sealed class MetricDirectionTests
{
    [Theory]
    [InlineData(MetricDirection.Maximize, 0.9, 0.8, true)]
    [InlineData(MetricDirection.Maximize, 0.8, 0.8, false)]
    [InlineData(MetricDirection.Minimize, 0.2, 0.3, true)]
    [InlineData(MetricDirection.Minimize, 0.3, 0.2, false)]
    [InlineData(MetricDirection.Minimize, double.NaN, 0.2, false)]
    public void A_candidate_is_better_only_strictly_and_in_the_metric_direction(MetricDirection direction, double candidate, double incumbent, bool better)
    {
        Assert.Equal(better, direction.IsBetter(candidate, incumbent));
    }

    [Fact]
    public void The_best_of_several_values_follows_the_direction()
    {
        Assert.Equal(0.9, MetricDirection.Maximize.Best([0.5, 0.9, 0.7]));
        Assert.Equal(0.5, MetricDirection.Minimize.Best([0.5, 0.9, 0.7]));
    }

    [Fact]
    public void As_scores_a_minimised_trial_has_its_values_negated_and_a_maximised_one_is_unchanged()
    {
        var trial = new TrialRecord(3, new Dictionary<string, double> { ["x"] = 1 }, TrialState.Complete) { Value = 0.25, Intermediate = [0.5, 0.25] };
        var running = trial with { Value = null };

        var scores = MetricDirection.Minimize.AsScores(trial);

        Assert.Equal(-0.25, scores.Value);
        Assert.Equal([-0.5, -0.25], scores.Intermediate);
        Assert.Null(MetricDirection.Minimize.AsScores(running).Value);
        Assert.Same(trial, MetricDirection.Maximize.AsScores(trial));
    }
}
