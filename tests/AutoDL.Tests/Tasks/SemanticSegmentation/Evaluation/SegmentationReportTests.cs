using AutoDL.Tasks.SemanticSegmentation.Evaluation;

namespace AutoDL.Tests.Tasks.SemanticSegmentation.Evaluation;

/// <summary>mIoU and pixel accuracy against cases computed by hand, over one confusion matrix of the whole set's pixels.</summary>
public sealed class SegmentationReportTests
{
    private static readonly string[] Classes = ["sky", "road", "car"];

    private static SegmentationReport Evaluate(params (byte[] Truth, byte[] Predicted)[] masks)
    {
        var confusion = new PixelConfusion(Classes.Length);
        foreach (var (truth, predicted) in masks)
        {
            confusion.Add(truth, predicted);
        }
        return SegmentationReport.From(confusion, masks.Length, Classes);
    }

    [Fact]
    public void Two_masks_with_ignored_pixels_give_the_hand_computed_matrix_IoUs_and_accuracy()
    {
        // Scored pixels: (0,0) (0,1) (1,1) (1,1) (2,2) from the first mask, (2,2) (2,0) (0,0) from the second; the 255s are left out.
        var report = Evaluate(
            ([0, 0, 1, 1, 255, 2], [0, 1, 1, 1, 0, 2]),
            ([2, 2, 0, 255], [2, 0, 0, 1]));

        Assert.Equal(2, report.Count);
        Assert.Equal([[2L, 1, 0], [0, 2, 0], [1, 0, 2]], report.Confusion.Select(row => row.ToArray()));
        // 6 of the 8 scored pixels on the diagonal.
        Assert.Equal(0.75, report.PixelAccuracy);
        // sky: 2 hits, 3 true, 3 predicted, union 4; road: 2, 2, 3, union 3; car: 2, 3, 2, union 3.
        Assert.Equal(0.5, report.PerClass[0].IoU);
        Assert.Equal(2.0 / 3, report.PerClass[1].IoU);
        Assert.Equal(2.0 / 3, report.PerClass[2].IoU);
        Assert.Equal([3L, 2, 3], report.PerClass.Select(c => c.TruePixels));
        Assert.Equal([3L, 3, 2], report.PerClass.Select(c => c.PredictedPixels));
        Assert.Equal((0.5 + (2.0 / 3) + (2.0 / 3)) / 3, report.MeanIoU!.Value, 12);
        Assert.Equal(["sky", "road", "car"], report.PerClass.Select(c => c.Name));
    }

    [Fact]
    public void A_class_absent_from_truth_and_prediction_is_left_out_of_the_mean()
    {
        var report = Evaluate(([0, 0, 1], [0, 0, 1]));

        Assert.Null(report.PerClass[2].IoU);
        Assert.Equal(1.0, report.MeanIoU);
        Assert.Equal(1.0, report.PixelAccuracy);
    }

    [Fact]
    public void A_class_predicted_but_never_true_counts_with_an_IoU_of_zero()
    {
        // sky: 1 hit, 2 true, 1 predicted, union 2; car: 0 hits, 0 true, 1 predicted, union 1; road: absent from both.
        var report = Evaluate(([0, 0], [0, 2]));

        Assert.Equal(0.5, report.PerClass[0].IoU);
        Assert.Null(report.PerClass[1].IoU);
        Assert.Equal(0.0, report.PerClass[2].IoU);
        Assert.Equal(0.25, report.MeanIoU);
        Assert.Equal(0.5, report.PixelAccuracy);
    }

    [Fact]
    public void The_whole_sets_pixels_are_pooled_so_a_small_image_weighs_no_more_than_its_pixels()
    {
        // A 1-pixel mask all wrong and a 9-pixel mask all right: pooled, 9 of 10 pixels right (a mean of per-image
        // accuracies would say 0.5).
        var report = Evaluate(([1], [0]), ([0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 0]));

        Assert.Equal(0.9, report.PixelAccuracy!.Value, 12);
        // sky: 9 hits, 9 true, 10 predicted, union 10; road: 0 hits, 1 true, 0 predicted, union 1.
        Assert.Equal(0.9, report.PerClass[0].IoU!.Value, 12);
        Assert.Equal(0.0, report.PerClass[1].IoU);
        Assert.Equal(0.45, report.MeanIoU!.Value, 12);
    }

    [Fact]
    public void A_set_whose_pixels_are_all_ignored_has_no_figures_and_no_scores()
    {
        var report = Evaluate(([255, 255], [0, 1]));

        Assert.Null(report.MeanIoU);
        Assert.Null(report.PixelAccuracy);
        Assert.Empty(report.Scores());
        Assert.All(report.PerClass, c => Assert.Null(c.IoU));
    }

    [Fact]
    public void Scores_name_the_two_headline_figures()
    {
        var scores = Evaluate(([0, 1, 2, 2], [0, 1, 2, 1])).Scores();

        Assert.Equal(["miou", "pixel_accuracy"], scores.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0.75, scores["pixel_accuracy"]);
    }

    [Fact]
    public void Masks_of_different_sizes_or_labels_outside_the_classes_are_refused()
    {
        var confusion = new PixelConfusion(3);

        Assert.Throws<ArgumentException>(() => confusion.Add([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => confusion.Add([3], [0]));
        Assert.Throws<ArgumentException>(() => confusion.Add([0], [7]));
        Assert.Throws<ArgumentException>(() => confusion.Add([0], [255]));
    }

    [Fact]
    public void Its_details_for_the_run_report_are_the_per_class_IoU_and_the_pixel_confusion_matrix()
    {
        var report = Evaluate(([0, 0, 1, 1, 255, 2], [0, 1, 1, 1, 0, 2]));

        var details = report.Details();

        var table = Assert.Single(details.Tables);
        Assert.Equal(Classes, table.Rows.Select(r => r.Label));
        Assert.Equal(report.PerClass[1].IoU, table.Rows[1].Values[0]);
        Assert.Equal("pixels", details.Confusion!.Title);
        Assert.Equal(report.Confusion.Select(r => r.ToArray()), details.Confusion.Counts.Select(r => r.ToArray()));
    }
}
