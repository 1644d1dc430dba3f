using AutoDL.Tasks.ObjectDetection.Quality;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>What `autodl inspect` prints for detection data: the layout and classes, a row per split, objects per class, then the first few of what was left out and of the copies.</summary>
internal static class DetectionDataSummary
{
    public static void Write(IAnsiConsole console, DetectionDataReport report, string jsonPath)
    {
        console.MarkupLine($"[bold]{Markup.Escape(report.Source)}[/]: {Markup.Escape(report.Format)} detection data, {Format.Count(report.ClassNames.Count)} classes");
        var splits = new Table().Border(TableBorder.Simple).AddColumns("split", "images", "without objects", "objects", "small (<32²)", "medium", "large (>96²)");
        foreach (var column in splits.Columns.Skip(1))
        {
            column.RightAligned();
        }
        foreach (var (name, c) in report.Splits)
        {
            splits.AddRow(name, Format.Count(c.Images), Format.Count(c.ImagesWithoutObjects), Format.Count(c.Objects), Format.Count(c.Small), Format.Count(c.Medium), Format.Count(c.Large));
        }
        console.Write(splits);

        var classes = new Table().Border(TableBorder.Simple).AddColumn("class");
        foreach (var name in report.Splits.Keys)
        {
            classes.AddColumn(new TableColumn($"{name} objects").RightAligned());
        }
        for (int i = 0; i < report.ClassNames.Count; i++)
        {
            classes.AddRow([Markup.Escape(report.ClassNames[i]), .. report.Splits.Values.Select(c => Format.Count(c.ObjectsPerClass[i]))]);
        }
        console.Write(classes);

        InspectionLists.List(console, "Classes with no training object", report.ClassesWithoutTrainingObjects);
        InspectionLists.Problems(console, report.Skipped, report.Duplicates);
        console.MarkupLine($"JSON: [bold]{Markup.Escape(jsonPath)}[/]");
    }
}
