using AutoDL.Data;
using AutoDL.Data.Quality;
using Spectre.Console;

namespace AutoDL.Cli.Rendering;

/// <summary>The lists `autodl inspect` ends a detection or segmentation summary with: the first few of each kind of problem, the rest in the JSON report.</summary>
internal static class InspectionLists
{
    /// <summary>Items listed per kind of problem.</summary>
    private const int Listed = 5;

    /// <summary>What was left out and why, then the copies (across splits first).</summary>
    public static void Problems(IAnsiConsole console, IReadOnlyList<SkippedFile> skipped, IReadOnlyList<DuplicatePair> duplicates)
    {
        List(console, "Left out", [.. skipped.Select(s => $"{s.Path}: {s.Reason}")]);
        List(console, "Copies (across splits first)", [.. duplicates.OrderByDescending(d => d.CrossSplit).ThenBy(d => d.Kind).Select(d =>
            $"{d.First.Source} ({d.First.Split.ToString().ToLowerInvariant()}) ↔ {d.Second.Source} ({d.Second.Split.ToString().ToLowerInvariant()}), {(d.Kind == DuplicateKind.Exact ? "exact" : "near")}")]);
    }

    /// <summary>A titled list of <paramref name="lines"/>, the first few of them; nothing when it is empty.</summary>
    public static void List(IAnsiConsole console, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0)
        {
            return;
        }
        console.MarkupLine($"[bold]{Markup.Escape(title)}[/] ({Format.Count(lines.Count)}):");
        foreach (var line in lines.Take(Listed))
        {
            console.MarkupLine($"  {Markup.Escape(line)}");
        }
        if (lines.Count > Listed)
        {
            console.MarkupLine($"  … and {Format.Count(lines.Count - Listed)} more in the JSON report");
        }
    }
}
