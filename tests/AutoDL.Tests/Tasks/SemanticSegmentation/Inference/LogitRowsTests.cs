using AutoDL.Tasks.SemanticSegmentation.Inference;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Inference;

/// <summary>The argmax and cross-entropy read off rows of logits, on hand-computed cases.</summary>
public sealed class LogitRowsTests
{
    // Two classes over three pixels, after an offset of 2 and with a plane of 4 (a view into a larger buffer).
    private static readonly LogitRows Rows = new([9, 9, 1f, 0f, 2f, 9, 0f, 0f, 5f, 9], Offset: 2, Plane: 4, Classes: 2, Width: 3, Top: 7, Count: 1);

    [Fact]
    public void Each_pixel_takes_its_highest_class_and_a_tie_goes_to_the_first()
    {
        var labels = new byte[3];

        Rows.ArgMax(labels);

        Assert.Equal([0, 0, 1], labels);
    }

    [Fact]
    public void Cross_entropy_sums_minus_log_softmax_of_the_true_class_over_scored_pixels()
    {
        var (sum, scored) = Rows.CrossEntropy([1, 255, 1], ignore: 255);

        // Pixel 0: logits (1, 0), truth 1: log(e + 1) − 0. Pixel 2: (2, 5), truth 1: log(e² + e⁵) − 5.
        double expected = Math.Log(Math.E + 1) + (Math.Log(Math.Exp(2) + Math.Exp(5)) - 5);
        Assert.Equal(2, scored);
        Assert.Equal(expected, sum, 6);
    }
}
