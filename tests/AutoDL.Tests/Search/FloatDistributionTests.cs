using System.Text.Json;
using AutoDL.Search.Distributions;

namespace AutoDL.Tests.Search;

public sealed class FloatDistributionTests
{
    [Fact]
    public void A_stepped_float_draws_every_grid_value_and_nothing_else()
    {
        var d = new FloatDistribution(0.1, 1.0, Step: 0.3);
        var random = new Random(4);

        var values = Enumerable.Range(0, 500).Select(_ => d.Sample(random)).Distinct().Order().ToList();

        Assert.Equal(4, values.Count);
        Assert.All(values, v => Assert.True(d.Contains(v)));
        Assert.Equal(1.0, values[^1], 12);
        Assert.False(d.Contains(0.25));
    }

    [Fact]
    public void Snap_moves_a_value_to_the_nearest_grid_point_inside_the_range()
    {
        var d = new FloatDistribution(1, 100, Step: 3);

        Assert.Equal(4, d.Snap(5.4));
        Assert.Equal(100, d.Snap(101.4));
        Assert.Equal(1, d.Snap(-7));
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(-1.0, false)]
    [InlineData(0.5, true)]
    public void An_invalid_step_is_rejected_with_a_message_that_names_it(double step, bool log)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new FloatDistribution(1, 2, log, step));

        Assert.Equal("Step", error.ParamName);
    }

    [Fact]
    public void A_stored_float_without_a_step_still_reads_back_as_continuous()
    {
        // A study file written before floats had a step.
        var d = JsonSerializer.Deserialize<ParameterDistribution>("""{"kind":"float","Low":0.5,"High":2,"Log":true}""");

        Assert.Equal(new FloatDistribution(0.5, 2, Log: true), d);
        Assert.Null(((FloatDistribution)d!).Step);
    }
}
