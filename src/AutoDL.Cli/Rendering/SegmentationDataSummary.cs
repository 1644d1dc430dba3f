using System.Globalization;
using AutoDL.Tasks.SemanticSegmentation.Quality;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>What `autodl inspect` prints for segmentation data: the layout and classes, a row per split, each class's pixel share, then the first few of what was left out and of the copies.</summary>
internal static class SegmentationDataSummary
{
    public static void Write(IAnsiConsole console, SegmentationDataReport report, string jsonPath)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Source)}[/]: {Markup.Escape(report.Format)} segmentation data, {Format.Count(report.ClassNames.Count)} classes");
        var splits = new Table().Border(TableBorder.Simple).AddColumns("split", "images", "one-class masks");
        foreach (var column in splits.Columns.Skip(1))
        {
            column.RightAligned();
        }
        foreach (var (name, c) in report.Splits)
        {
            splits.AddRow(name, Format.Count(c.Images), Format.Count(c.SingleClassMasks));
        }
        console.Write(splits);

        var classes = new Table().Border(TableBorder.Simple).AddColumn("class");
        foreach (var name in report.Splits.Keys)
        {
            classes.AddColumn(new TableColumn($"{name} pixels").RightAligned());
        }
        for (int i = 0; i < report.ClassNames.Count; i++)
        {
            classes.AddRow([Markup.Escape(report.ClassNames[i]), .. report.Splits.Values.Select(c => c.PixelShare[i].ToString("0.0%", CultureInfo.InvariantCulture))]);
        }
        console.Write(classes);

        InspectionLists.List(console, "Classes with no training pixel", report.ClassesWithoutTrainingPixels);
        InspectionLists.Problems(console, report.Skipped, report.Duplicates);
        console.MarkupLine($"JSON: [bold]{Markup.Escape(jsonPath)}[/]");
    }
}
