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
}
