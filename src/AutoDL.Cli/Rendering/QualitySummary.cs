using AutoDL.Data.Quality;
using AutoDL.Tasks.ImageClassification.Quality;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>
/// What `autodl inspect` prints: one row per check with its severity (the same verdicts as the HTML report),
/// then the first few of what needs a person's eyes, then where the full reports are.
/// </summary>
internal static class QualitySummary
{
    /// <summary>Items listed per kind of problem; the rest are in the reports, so the terminal stays readable.</summary>
    private const int Listed = 5;

    public static void Write(IAnsiConsole console, QualityReport report, string jsonPath, string htmlPath)
    {
        string splits = string.Join(" · ", report.Splits.Select(s => $"{s.Split.ToString().ToLowerInvariant()} {Format.Count(s.Count)}"));
        console.MarkupLine($"[bold]{Markup.Escape(report.Source)}[/]: {Markup.Escape(report.Format)}, {report.Shape}, {Format.Count(report.ClassNames.Count)} classes; {Markup.Escape(splits)}");

        var table = new Table().Border(TableBorder.Simple).AddColumns("", "check", "found", "finding");
        table.Columns[2].RightAligned();
        foreach (var finding in QualityFindings.Of(report))
        {
            table.AddRow(Severity(finding.Severity), Markup.Escape(finding.Check), Format.Count(finding.Count), Markup.Escape(finding.Summary));
        }
        console.Write(table);

        List(console, "Unreadable files", report.Unreadable.Count, report.Unreadable.Take(Listed).Select(f => $"{ReportPaths.Relative(report, f.Path)}: {f.Reason}"));
        var leakage = report.Leakage.OrderBy(d => d.Kind).ThenBy(d => d.Distance).ToList();
        List(console, "Images in two splits (leakage)", leakage.Count, leakage.Take(Listed).Select(d =>
            $"{Name(report, d.First)} ↔ {Name(report, d.Second)} ({(d.Kind == DuplicateKind.Exact ? "exact" : $"near, {d.Distance} bit{(d.Distance == 1 ? "" : "s")}")}{(d.SameLabel ? "" : ", labels differ")})"));
        List(console, "Most suspect labels", report.LabelSuspects.Count, report.LabelSuspects.Take(Listed).Select(s =>
            $"{ReportPaths.Relative(report, s.Image.Source)}: {QualityFindings.ClassName(report, s.GivenLabel)} → {QualityFindings.ClassName(report, s.SuggestedLabel)} ({Format.Percent(s.SuggestedProbability)})"));

        console.MarkupLine($"Report: [bold]{Markup.Escape(htmlPath)}[/]");
        console.MarkupLine($"JSON:   [bold]{Markup.Escape(jsonPath)}[/]");
    }

    private static void List(IAnsiConsole console, string title, int total, IEnumerable<string> lines)
    {
        if (total == 0)
        {
            return;
        }
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/] ({Format.Count(total)}):");
        foreach (var line in lines)
        {
            console.MarkupLine($"  {Markup.Escape(line)}");
        }
        if (total > Listed)
        {
            console.MarkupLine($"  … and {Format.Count(total - Listed)} more in the reports");
        }
    }

    private static string Name(QualityReport report, ImageRef image) =>
        $"{ReportPaths.Relative(report, image.Source)} ({image.Split.ToString().ToLowerInvariant()})";

    private static string Severity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Error => "[red]error[/]",
        FindingSeverity.Warning => "[yellow]warning[/]",
        FindingSeverity.Info => "[blue]info[/]",
        _ => "[green]ok[/]",
    };
}
