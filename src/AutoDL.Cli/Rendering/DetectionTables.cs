using AutoDL.Tasks.ObjectDetection.Evaluation;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>A detector's COCO figures as terminal output.</summary>
internal static class DetectionTables
{
    public static void Write(IAnsiConsole console, DetectionReport report, string title)
    {
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/]: {Format.Count(report.Count)} images, mAP@[[.5:.95]] [green]{Format.Metric(report.Map)}[/], mAP@.5 {Format.Metric(report.Map50)}, mAP@.75 {Format.Metric(report.Map75)}");
        console.MarkupLine($"by object size (mAP): small {Format.Metric(report.MapSmall)}, medium {Format.Metric(report.MapMedium)}, large {Format.Metric(report.MapLarge)}; recall at 100 detections {Format.Metric(report.Mar100)}");
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("class", "AP", "AP50", "AP75", "objects", "detections");
        foreach (var c in report.PerClass)
        {
            table.AddRow(Markup.Escape(c.Name), Format.Metric(c.AveragePrecision), Format.Metric(c.AveragePrecision50), Format.Metric(c.AveragePrecision75), Format.Count(c.GroundTruths), Format.Count(c.Detections));
        }
        console.Write(table);
    }
}
