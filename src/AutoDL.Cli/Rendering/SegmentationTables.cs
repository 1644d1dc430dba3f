using System.Globalization;
using AutoDL.Tasks.SemanticSegmentation.Evaluation;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>A segmentation report as a person reads it: the headline figures, then IoU and pixels per class.</summary>
internal static class SegmentationTables
{
    public static void Write(IAnsiConsole console, SegmentationReport report, string title)
    {
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/] on {Format.Count(report.Count)} images: mIoU {Figure(report.MeanIoU)}, pixel accuracy {Figure(report.PixelAccuracy)}");
        var table = new Table().Border(TableBorder.Simple).AddColumns("class", "IoU", "true pixels", "predicted pixels");
        foreach (var column in table.Columns.Skip(1))
        {
            column.RightAligned();
        }
        foreach (var c in report.PerClass)
        {
            table.AddRow(Markup.Escape(c.Name), Figure(c.IoU), Format.Count(c.TruePixels), Format.Count(c.PredictedPixels));
        }
        console.Write(table);
    }

    /// <summary>A figure to four places, or "n/a" where nothing defines it (a class absent from truth and prediction).</summary>
    private static string Figure(double? value) => value is double v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a";
}
