using AutoDL.Evaluation;
using AutoDL.Tasks.ImageClassification.Evaluation;
using AutoDL.Tasks.ImageClassification.Training;

namespace AutoDL.Cli.Rendering;

/// <summary>The one line a fit ends with about its model on the held-out test split, in the terms of the task's report.</summary>
internal static class TestSummary
{
    /// <summary>Markup for <paramref name="report"/>; the metric the search selected on (<paramref name="selectedOn"/>) leads.</summary>
    public static string Line(EvaluationReport report, string selectedOn) => report switch
    {
        // On imbalanced classes the search selected on balanced accuracy, so that figure leads.
        ClassificationReport c when selectedOn == SelectionMetric.BalancedAccuracy.Name() =>
            $"Test balanced accuracy [green]{Format.Percent(c.BalancedAccuracy)}[/], accuracy {Format.Percent(c.Accuracy)}, macro-F1 {Format.Metric(c.MacroF1)} on {Format.Count(c.Count)} held-out images.",
        ClassificationReport c =>
            $"Test accuracy [green]{Format.Percent(c.Accuracy)}[/], macro-F1 {Format.Metric(c.MacroF1)} on {Format.Count(c.Count)} held-out images.",
        _ => $"Test {string.Join(", ", report.Scores().Select(s => $"{s.Key.Replace('_', ' ')} {Format.Metric(s.Value)}"))} on {Format.Count(report.Count)} held-out examples.",
    };
}
