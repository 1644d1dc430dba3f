using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Inference;

/// <summary>Where the windows over a large image sit and how their overlaps are weighed.</summary>
public sealed class TileGridTests
{
    [Fact]
    public void An_image_no_larger_than_a_window_is_one_window_the_size_of_the_image()
    {
        var grid = new TileGrid(300, 512);

        Assert.True(grid.IsWhole);
        Assert.Equal((300, 512), (grid.TileWidth, grid.TileHeight));
        Assert.Equal([0], grid.Columns);
        Assert.Equal([0], grid.Rows);
    }

    [Fact]
    public void Windows_step_by_side_less_overlap_and_the_last_one_ends_at_the_edge()
    {
        var grid = new TileGrid(1216, 512, side: 512, overlap: 128);

        // 0, 384, then 768 would end at 1280 > 1216: pulled back to 704.
        Assert.Equal([0, 384, 704], grid.Columns);
        Assert.Equal([0], grid.Rows);
        Assert.False(grid.IsWhole);
    }

    [Fact]
    public void A_windows_weight_ramps_up_over_the_overlap_and_the_coverage_is_the_sum_of_the_windows_weights()
    {
        var grid = new TileGrid(14, 6, side: 8, overlap: 3);

        // Columns: windows at 0 and 5 (5 + 8 = 13 < 14, so a third at 6).
        Assert.Equal([0, 5, 6], grid.Columns);
        Assert.Equal([0.25f, 0.5f, 0.75f, 1f, 1f, 0.75f, 0.5f, 0.25f], grid.ColumnWeights);
        for (int x = 0; x < 14; x++)
        {
            float expected = grid.Columns.Where(start => x >= start && x < start + 8).Sum(start => grid.ColumnWeights[x - start]);
            Assert.Equal(expected, grid.ColumnCoverage[x], 6);
            Assert.True(grid.ColumnCoverage[x] > 0);
        }
        Assert.Equal([0.25f, 0.5f, 0.75f, 0.75f, 0.5f, 0.25f], grid.RowWeights);
    }

    [Fact]
    public void An_overlap_as_large_as_the_window_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TileGrid(100, 100, side: 64, overlap: 64));
    }
}
