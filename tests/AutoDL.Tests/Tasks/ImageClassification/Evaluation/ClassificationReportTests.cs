using AutoDL.Tasks.ImageClassification.Evaluation;

namespace AutoDL.Tests.Tasks.ImageClassification.Evaluation;

public sealed class ClassificationReportTests
{
    [Fact]
    public void Given_known_predictions_then_accuracy_per_class_metrics_and_confusion_are_exact()
    {
        // truth:     a a a b b c
        // predicted: a a b b c c
        int[] truth = [0, 0, 0, 1, 1, 2];
        int[] predicted = [0, 0, 1, 1, 2, 2];

        var report = ClassificationReport.Compute(truth, predicted, ["a", "b", "c"]);

        Assert.Equal(4.0 / 6, report.Accuracy, 10);
        Assert.Equal(1.0, report.PerClass[0].Precision, 10);
        Assert.Equal(2.0 / 3, report.PerClass[0].Recall, 10);
        Assert.Equal(0.5, report.PerClass[1].Precision, 10);
        Assert.Equal(0.5, report.PerClass[1].Recall, 10);
        Assert.Equal(0.5, report.PerClass[2].Precision, 10);
        Assert.Equal(1.0, report.PerClass[2].Recall, 10);
        double f1A = 2 * 1.0 * (2.0 / 3) / (1.0 + 2.0 / 3), f1B = 0.5, f1C = 2 * 0.5 / 1.5;
        Assert.Equal((f1A + f1B + f1C) / 3, report.MacroF1, 10);
        Assert.Equal([2, 1, 0], report.ConfusionMatrix[0]);
        Assert.Equal([0, 1, 1], report.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 1], report.ConfusionMatrix[2]);
    }

    [Fact]
    public void A_class_absent_and_never_predicted_does_not_lower_macro_f1()
    {
        var report = ClassificationReport.Compute([0, 1], [0, 1], ["a", "b", "unused"]);

        Assert.Equal(1.0, report.MacroF1, 10);
    }

    [Fact]
    public void Probabilities_are_turned_into_arg_max_predictions()
    {
        float[] probabilities = [0.1f, 0.9f, 0.7f, 0.3f];

        var report = ClassificationReport.FromProbabilities([1, 1], probabilities, ["a", "b"]);

        Assert.Equal(0.5, report.Accuracy, 10);
        Assert.Equal([1, 1], report.ConfusionMatrix[1]);
    }

    [Fact]
    public void Its_details_for_the_run_report_carry_the_per_class_table_the_matrix_and_the_calibration_figures()
    {
        float[] probabilities = [0.9f, 0.1f, 0.3f, 0.7f, 0.6f, 0.4f];

        var report = ClassificationReport.FromProbabilities([0, 1, 1], probabilities, ["a", "b"], temperature: 2);
        var details = report.Details();

        Assert.Equal(["precision", "recall", "F1", "support"], Assert.Single(details.Tables).Columns.Select(c => c.Name));
        Assert.Equal([[1L, 0], [1, 1]], details.Confusion!.Counts.Select(r => r.ToArray()));
        Assert.Equal(2, details.Temperature);
        Assert.Same(report.Confidence, details.Confidence);
        // Without the temperature of 2 the probabilities are sharper: p² renormalised.
        Assert.True(details.Uncalibrated!.NegativeLogLikelihood != details.Confidence!.NegativeLogLikelihood);
        Assert.Null(ClassificationReport.Compute([0], [0], ["a"]).Details().Confidence);
    }

    [Fact]
    public void A_confusion_matrix_of_more_classes_than_fit_on_a_page_is_left_out_of_the_details()
    {
        var names = Enumerable.Range(0, AutoDL.Evaluation.Report.ReportDetails.MaxMatrixClasses + 1).Select(i => $"c{i}").ToList();

        var details = ClassificationReport.Compute([0], [0], names).Details();

        Assert.Null(details.Confusion);
        Assert.Equal(names.Count, details.Tables[0].Rows.Count);
    }
}
