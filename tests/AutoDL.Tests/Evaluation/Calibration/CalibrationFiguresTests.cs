using AutoDL.Evaluation.Calibration;

namespace AutoDL.Tests.Evaluation.Calibration;

public sealed class CalibrationFiguresTests
{
    [Fact]
    public void Given_hand_computed_predictions_then_the_error_is_the_weighted_gap_of_each_bin()
    {
        // Two classes, two bins. Confidences 0.6 (right), 0.6 (wrong), 0.9 (right), 1.0 (right).
        // Bin (0, 0.5]: empty. Bin (0.5, 1]: all four, mean confidence 0.775, accuracy 0.75: ECE 0.025.
        float[] probabilities = [0.6f, 0.4f, 0.4f, 0.6f, 0.1f, 0.9f, 1f, 0f];
        int[] truth = [0, 0, 1, 0];

        var figures = CalibrationFigures.Compute(truth, probabilities, classes: 2, bins: 2);

        Assert.Equal(0.025, figures.ExpectedCalibrationError, 1e-6);
        Assert.Equal(0, figures.Bins[0].Count);
        Assert.Equal(4, figures.Bins[1].Count);
        Assert.Equal(0.775, figures.Bins[1].MeanConfidence, 1e-6);
        Assert.Equal(0.75, figures.Bins[1].Accuracy, 1e-12);
        // −(ln 0.6 + ln 0.4 + ln 0.9 + ln 1) / 4
        Assert.Equal(-(Math.Log(0.6) + Math.Log(0.4) + Math.Log(0.9)) / 4, figures.NegativeLogLikelihood, 1e-6);
    }

    [Fact]
    public void Given_a_confidence_on_a_bin_edge_then_it_falls_in_the_bin_it_closes()
    {
        // Four bins: 0.5 closes (0.25, 0.5]; a confidence of 1 closes the last.
        float[] probabilities = [0.5f, 0.5f, 0f, 1f];
        int[] truth = [0, 1];

        var figures = CalibrationFigures.Compute(truth, probabilities, classes: 2, bins: 4);

        Assert.Equal([0, 1, 0, 1], figures.Bins.Select(b => b.Count));
        Assert.Equal(0.5, figures.Bins[1].Upper);
        // The first is right at 0.5 (gap 0.5), the second right at 1 (gap 0): ECE = ½ · ½.
        Assert.Equal(0.25, figures.ExpectedCalibrationError, 1e-12);
    }

    [Fact]
    public void Given_no_bin_count_then_fifteen_bins_are_used()
    {
        var figures = CalibrationFigures.Compute([0], [1f, 0f], classes: 2);

        Assert.Equal(15, figures.Bins.Count);
        Assert.Equal(1, figures.Bins[^1].Count);
    }

    [Fact]
    public void Given_a_missed_class_with_zero_probability_then_the_log_likelihood_is_bounded()
    {
        var figures = CalibrationFigures.Compute([0], [0f, 1f], classes: 2);

        Assert.Equal(-Math.Log(1e-12), figures.NegativeLogLikelihood, 1e-9);
        Assert.Equal(1, figures.ExpectedCalibrationError, 1e-12);
    }

    [Fact]
    public void Given_no_predictions_then_every_figure_is_zero()
    {
        var figures = CalibrationFigures.Compute([], [], classes: 4);

        Assert.Equal(0, figures.ExpectedCalibrationError);
        Assert.Equal(0, figures.NegativeLogLikelihood);
        Assert.All(figures.Bins, b => Assert.Equal(0, b.Count));
    }

    [Fact]
    public void Given_probabilities_of_another_shape_then_it_is_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => CalibrationFigures.Compute([0, 1], [0.5f, 0.5f, 1f], classes: 2));

        Assert.Contains("2×2", error.Message, StringComparison.Ordinal);
    }
}
