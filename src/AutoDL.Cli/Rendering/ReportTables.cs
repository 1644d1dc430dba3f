using AutoDL.Tasks.ImageClassification.Evaluation;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>Classification metrics as terminal output.</summary>
internal static class ReportTables
{
    public static void Write(IAnsiConsole console, ClassificationReport report, string title)
    {
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/]: {Format.Count(report.Count)} images, accuracy [green]{Format.Percent(report.Accuracy)}[/], balanced accuracy {Format.Percent(report.BalancedAccuracy)}, macro-F1 {Format.Metric(report.MacroF1)}");
        if (report.Confidence is { } confidence)
        {
            string without = report.Temperature is { } t && report.Uncalibrated is { } u
                ? $"; without its temperature ({t:0.00}) ECE {Format.Metric(u.ExpectedCalibrationError)}, NLL {Format.Metric(u.NegativeLogLikelihood)}"
                : " (not calibrated)";
            console.MarkupLine(FormattableString.Invariant($"confidence: expected calibration error {Format.Metric(confidence.ExpectedCalibrationError)}, negative log-likelihood {Format.Metric(confidence.NegativeLogLikelihood)}{without}"));
        }
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("class", "precision", "recall", "f1", "support");
        foreach (var c in report.PerClass)
        {
            table.AddRow(Markup.Escape(c.Name), Format.Metric(c.Precision), Format.Metric(c.Recall), Format.Metric(c.F1), Format.Count(c.Support));
        }
        console.Write(table);
    }
}
