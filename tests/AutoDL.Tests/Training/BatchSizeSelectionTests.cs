using AutoDL.Training;

namespace AutoDL.Tests.Training;

public sealed class BatchSizeSelectionTests
{
    private const int TunedAt = 128;

    [Fact]
    public void A_clearly_faster_batch_replaces_the_one_the_recipe_was_tuned_at()
    {
        int chosen = BatchSizeSelection.Choose([new(64, 900), new(128, 1_400), new(256, 2_000)], TunedAt);

        Assert.Equal(256, chosen);
    }

    [Fact]
    public void The_tuned_batch_stays_when_it_is_about_as_fast_as_the_fastest()
    {
        // 128 trains at 92 % of 64's rate: within what short measurements can tell apart, so the recipe keeps its batch.
        int chosen = BatchSizeSelection.Choose([new(64, 2_200), new(128, 2_030), new(256, 2_004)], TunedAt);

        Assert.Equal(128, chosen);
    }

    [Fact]
    public void Without_the_tuned_batch_the_smaller_of_two_about_equally_fast_wins_for_its_extra_steps()
    {
        // 128 did not fit in memory here; 64 is within the tolerance of 256.
        int chosen = BatchSizeSelection.Choose([new(64, 1_900), new(256, 2_000)], TunedAt);

        Assert.Equal(64, chosen);
    }

    [Theory]
    [InlineData(128, 0)]
    [InlineData(128, double.NaN)]
    [InlineData(0, 100)]
    public void A_rate_that_is_not_a_measurement_is_refused(int batch, double imagesPerSecond)
    {
        var error = Assert.Throws<ArgumentException>(() => BatchSizeSelection.Choose([new(64, 1_000), new(batch, imagesPerSecond)], TunedAt));

        Assert.Contains($"Batch {batch}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_measured_is_refused()
    {
        Assert.Throws<ArgumentException>(() => BatchSizeSelection.Choose([], TunedAt));
    }
}
